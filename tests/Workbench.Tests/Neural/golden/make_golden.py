#!/usr/bin/env python3
"""Golden numbers for the neural engine's tests, computed once with PyTorch (Debian python3-torch 1.13, CPU, float32).

Run from the repository root:  /usr/bin/python3 tests/Workbench.Tests/Neural/golden/make_golden.py
It writes golden.json beside this script. Every input is a closed-form deterministic value (no RNG), so the
C# tests rebuild the same tensors: value(i, scale, phase) = scale * sin(0.37 * i + phase).
"""
import json, math, os
import torch

torch.set_num_threads(1)

def val(n, scale, phase):
    return [scale * math.sin(0.37 * i + phase) for i in range(n)]

def t(n, scale, phase, shape=None):
    x = torch.tensor(val(n, scale, phase), dtype=torch.float32)
    return x.view(*shape) if shape else x

def flat(x):
    return [float(v) for v in x.detach().reshape(-1).tolist()]

out = {"torch": torch.__version__}

# Adam, 3 steps, with and without weight decay.
for wd in (0.0, 0.1):
    p = torch.nn.Parameter(t(7, 0.5, 0.3))
    opt = torch.optim.Adam([p], lr=1e-2, weight_decay=wd)
    steps = []
    for s in range(3):
        opt.zero_grad()
        p.grad = t(7, 0.2 * (s + 1), 1.1 * s)
        opt.step()
        st = opt.state[p]
        steps.append({"w": flat(p), "m": flat(st["exp_avg"]), "v": flat(st["exp_avg_sq"])})
    out[f"adam_wd{wd}"] = steps

# Losses: value and gradient, mean reduction.
pred = torch.nn.Parameter(t(9, 2.0, 0.0))
target = t(9, 1.0, 0.7)
for name, fn in (("mse", torch.nn.functional.mse_loss), ("huber", torch.nn.functional.smooth_l1_loss)):
    pred.grad = None
    loss = fn(pred, target)
    loss.backward()
    out[name] = {"loss": float(loss), "grad": flat(pred.grad)}

# Gradient-norm clipping over two tensors.
a = torch.nn.Parameter(torch.zeros(4)); b = torch.nn.Parameter(torch.zeros(3))
a.grad = t(4, 3.0, 0.2); b.grad = t(3, 2.0, 0.9)
norm = torch.nn.utils.clip_grad_norm_([a, b], 1.5)
out["clip"] = {"norm": float(norm), "a": flat(a.grad), "b": flat(b.grad)}

# GRU, batch-first, 2 sequences x 3 steps x 4 inputs, hidden 5; loss = sum(out * c).
gru = torch.nn.GRU(4, 5, batch_first=True)
with torch.no_grad():
    gru.weight_ih_l0.copy_(t(15 * 4, 0.4, 0.1, (15, 4)))
    gru.weight_hh_l0.copy_(t(15 * 5, 0.4, 0.5, (15, 5)))
    gru.bias_ih_l0.copy_(t(15, 0.3, 0.9))
    gru.bias_hh_l0.copy_(t(15, 0.3, 1.3))
x = torch.nn.Parameter(t(2 * 3 * 4, 1.0, 0.2, (2, 3, 4)))
h0 = torch.nn.Parameter(t(2 * 5, 0.5, 0.4, (1, 2, 5)))
c = t(2 * 3 * 5, 1.0, 1.7, (2, 3, 5))
y, hn = gru(x, h0)
(y * c).sum().backward()
out["gru"] = {"out": flat(y), "dx": flat(x.grad), "dh0": flat(h0.grad),
              "dw_ih": flat(gru.weight_ih_l0.grad), "dw_hh": flat(gru.weight_hh_l0.grad),
              "db_ih": flat(gru.bias_ih_l0.grad), "db_hh": flat(gru.bias_hh_l0.grad)}

# Dueling head on 3 rows of 4 features, 2 actions: Q = V + A - mean A; gradient of sum(Q * c).
feat = t(12, 1.0, 0.3, (3, 4))
v = torch.nn.Linear(4, 1); adv = torch.nn.Linear(4, 2)
with torch.no_grad():
    v.weight.copy_(t(4, 0.5, 0.0, (1, 4))); v.bias.fill_(0.1)
    adv.weight.copy_(t(8, 0.5, 1.0, (2, 4))); adv.bias.copy_(torch.tensor([0.2, -0.3]))
A = adv(feat)
q = v(feat) + A - A.mean(1, keepdim=True)
(q * t(6, 1.0, 2.0, (3, 2))).sum().backward()
out["dueling"] = {"q": flat(q), "dv_w": flat(v.weight.grad), "da_w": flat(adv.weight.grad), "da_b": flat(adv.bias.grad)}

# Soft update as in the peer: tp.mul_(1 - tau).add_(tau * p).
tp = t(10, 1.0, 0.0); sp = t(10, 2.0, 1.0)
tp.mul_(1 - 1e-3).add_(1e-3 * sp)
out["soft_update"] = flat(tp)

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden.json"), "w") as f:
    json.dump(out, f, indent=1)
print("wrote golden.json")
