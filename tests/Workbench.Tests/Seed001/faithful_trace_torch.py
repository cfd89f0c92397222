import torch, torch.nn as nn
torch.set_default_dtype(torch.float32)
class Q(nn.Module):
    def __init__(s):
        super().__init__(); s.fc1=nn.Linear(4,1); s.fc2=nn.Linear(1,1); s.fc3=nn.Linear(1,1)
    def forward(s,o,a):
        x=torch.cat([o,a],1); return s.fc3(torch.relu(s.fc2(torch.relu(s.fc1(x)))))
m=Q(); t=Q()
with torch.no_grad():
    m.fc1.weight[:]=torch.tensor([[0.2,0.4,0.5,-0.1]]); m.fc1.bias[:]=0.1
    m.fc2.weight[:]=2.0; m.fc2.bias[:]=0.0; m.fc3.weight[:]=1.5; m.fc3.bias[:]=0.5
t.load_state_dict(m.state_dict())
songs=torch.tensor([[1.,0],[0,1],[1,1]]); p=torch.tensor([0.5,0.25])
opt=torch.optim.Adam(m.parameters(),lr=1e-3); mse=nn.MSELoss()
for act,r in [(1,0.25),(0,0.5)]:
    st=p.unsqueeze(0).repeat(3,1)
    tgt=torch.tensor(r)
    with torch.no_grad(): tgt=tgt+0.95*t(st,songs).max()
    tf=m(st,songs); tf[act]=tgt
    opt.zero_grad(); loss=mse(m(st,songs),tf); loss.backward()
    print("target",tgt.item(),"loss",loss.item(),"grads",[x.grad.flatten().tolist() for x in m.parameters()])
    opt.step()
    print("params",[x.data.flatten().tolist() for x in m.parameters()])
