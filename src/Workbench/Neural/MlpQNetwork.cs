using System.Numerics.Tensors;
using Workbench.Training;

namespace Workbench.Neural;

/// <summary>Shape and training options of <see cref="MlpQNetwork"/> (defaults: seed 003's DQN).</summary>
public sealed record MlpQNetworkOptions
{
    /// <summary>Layer sizes, input first, one output per action (seed 003: 9, 128, 128, 114,000; seed 001's plain DQN: 21, 64, 64, 1,000).</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [9, 128, 128, 114_000];

    /// <summary>Largest batch (seed 003: 64).</summary>
    public int MaxBatch { get; init; } = 64;

    /// <summary>Optimizer settings (seed 003: Adam, lr 5e-4).</summary>
    public AdamOptions Adam { get; init; } = new() { LearningRate = 5e-4 };

    /// <summary>Regression loss on the gathered Q(s, a) (seed 003: MSE).</summary>
    public LossKind Loss { get; init; } = LossKind.Mse;

    /// <summary>Polyak τ applied to the target network after every <see cref="MlpQNetwork.UpdateTd"/> (seed 003: 1e-3); 0 = never (sync with <see cref="MlpQNetwork.SyncTarget"/>).</summary>
    public double SoftUpdateTau { get; init; } = 1e-3;

    /// <summary>Start the target network as a copy of the online one; false draws it independently (seed 003's quirk).</summary>
    public bool TargetStartsAsCopy { get; init; } = true;

    /// <summary>Output count from which <see cref="MlpQNetwork.UpdateTd"/> fuses target max, Adam and Polyak into one pass.</summary>
    public int FusedMinOutputs { get; init; } = 4096;

    /// <summary>Throws a <see cref="WorkbenchException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Sizes is null || Sizes.Count < 3) throw new WorkbenchException("Sizes needs an input, at least one hidden layer and an output size");
        if (Sizes.Any(s => s < 1)) throw new WorkbenchException($"Sizes must all be >= 1, got [{string.Join(", ", Sizes)}]");
        if (MaxBatch < 1) throw new WorkbenchException($"MaxBatch must be >= 1, got {MaxBatch}");
        if (!(SoftUpdateTau >= 0 && SoftUpdateTau <= 1)) throw new WorkbenchException($"SoftUpdateTau must be in [0, 1], got {SoftUpdateTau}");
        Adam.Validate();
    }
}

/// <summary>
/// A DQN whose last layer has one output per action (seed 003: 114,000 tracks; seed 001's plain DQN: 1,000
/// songs), with its target network. The loss uses only Q(sᵢ, aᵢ), so the exact gradient of the last layer is
/// nonzero on the chosen actions' rows only: the online forward and backward touch those rows, not the whole
/// [outputs, hidden] matrix. For wide outputs <see cref="UpdateTd"/> makes one pass over the last layer in
/// column blocks on all worker threads, computing the target max and applying Adam (zero-gradient rows) and the
/// Polyak update in the same pass; the chosen rows and the lower layers are updated after the loss. Every float
/// equals the unfused sequence (target max, gathered loss, dense Adam step, soft update) because each element
/// gets the same operations. Not thread-safe.
/// </summary>
/// <example>
/// One seed-003 update (y = r + γ (1 - done) maxₐ Q_target(s', a), MSE on Q(s, a), Adam, soft update):
/// <code>
/// var net = new MlpQNetwork(new MlpQNetworkOptions(), rng.Derive("dqn"));
/// float loss = net.UpdateTd(states, actions, rewards, nextStates, dones, gamma: 0.99f, batch: 64);
/// int greedy = net.Greedy(state);
/// </code>
/// </example>
public sealed class MlpQNetwork
{
    private const int BlockRows = 64;
    private readonly float[] _qa, _ga, _y, _maxByPart, _dh;
    private readonly int[] _argByPart;
    private readonly float[] _qBlocks;
    private readonly int[] _gathered;
    private int _gatheredCount;
    private readonly HeadJob _job;
    private readonly long[] _stalledSince;

    /// <summary>Creates and initialises the networks (PyTorch's default initialisation) from <paramref name="rng"/>.</summary>
    public MlpQNetwork(MlpQNetworkOptions? options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Options = options ?? new MlpQNetworkOptions();
        Options.Validate();
        var sizes = Options.Sizes;
        Hidden = sizes[^2];
        Outputs = sizes[^1];
        var bodySizes = sizes.Take(sizes.Count - 1).ToArray();
        var online = rng.Derive("online");
        Body = Sequential.Mlp(online, Options.MaxBatch, bodySizes, ActivationKind.ReLU, ActivationKind.ReLU);
        (HeadWeight, HeadBias) = MakeHead("", online);
        Parameters = new ParameterSet([.. Body.Parameters, HeadWeight, HeadBias]);
        var targetRng = rng.Derive("target");
        TargetBody = Sequential.Mlp(targetRng, Options.MaxBatch, bodySizes, ActivationKind.ReLU, ActivationKind.ReLU);
        (TargetHeadWeight, TargetHeadBias) = MakeHead("", targetRng);
        TargetParameters = new ParameterSet([.. TargetBody.Parameters, TargetHeadWeight, TargetHeadBias]);
        if (Options.TargetStartsAsCopy) TargetUpdate.Copy(TargetParameters, Parameters);
        Optimizer = new Adam(Parameters, Options.Adam);

        var b = Options.MaxBatch;
        var parts = WorkerPool.MaxParallelism;
        _qa = new float[b];
        _ga = new float[b];
        _y = new float[b];
        _dh = new float[b * Hidden];
        _maxByPart = new float[parts * b];
        _argByPart = new int[parts * b];
        _qBlocks = new float[parts * b * BlockRows];
        _gathered = new int[b];
        _job = new HeadJob(this);
        _stalledSince = new long[Outputs];
        _stalledSince.AsSpan().Fill(-1);
        Optimizer.SynchronizingState += FlushStalled;
        Optimizer.StateRestored += () => _stalledSince.AsSpan().Fill(-1);
    }

    /// <summary>Head rows (and their bias entries) currently stalled: w provably fixed until their next gradient.</summary>
    public int StalledRows => _stalledSince.Count(s => s >= 0);

    /// <summary>Whether head row <paramref name="row"/> is stalled (tests).</summary>
    internal bool IsStalled(int row) => _stalledSince[row] >= 0;

    /// <summary>Applies the deferred m, v decays of stalled rows (they stay stalled).</summary>
    private void FlushStalled()
    {
        var headW = Parameters.Count - 2;
        var (mw, vw) = Optimizer.State(headW);
        var (mb, vb) = Optimizer.State(headW + 1);
        var c = Optimizer.CoefficientsOf(Math.Max(1, Optimizer.StepCount));
        for (var r = 0; r < Outputs; r++)
        {
            var since = _stalledSince[r];
            if (since < 0 || since == Optimizer.StepCount) continue;
            Catch(r, mw, vw, mb, vb, c.B1, c.B2, Optimizer.StepCount - since);
            _stalledSince[r] = Optimizer.StepCount;
        }
    }

    private void Catch(int r, float[] mw, float[] vw, float[] mb, float[] vb, float b1, float b2, long steps)
    {
        var hd = Hidden;
        AdamKernel.DecayMoments(mw.AsSpan(r * hd, hd), vw.AsSpan(r * hd, hd), b1, b2, steps);
        AdamKernel.DecayMoments(mb.AsSpan(r, 1), vb.AsSpan(r, 1), b1, b2, steps);
    }

    /// <summary>Completes deferred work and marks every row active (before a plain dense Adam step).</summary>
    private void ActivateAll()
    {
        FlushStalled();
        _stalledSince.AsSpan().Fill(-1);
    }

    private (Parameter W, Parameter B) MakeHead(string prefix, Rng rng)
    {
        var name = prefix + "fc" + (Options.Sizes.Count - 1);
        var lin = new Linear(Hidden, Outputs, rng, name);
        // Same values, but the weight tracks its touched rows so zeroing its gradient costs the batch, not 14.7M floats.
        var w = new Parameter(name + ".weight", Outputs, Hidden, rowSparseGradient: true, lazyOptimizer: false);
        lin.Weight.Value.CopyTo(w.Value, 0);
        return (w, lin.Bias);
    }

    /// <summary>The options the network was built with.</summary>
    public MlpQNetworkOptions Options { get; }

    /// <summary>Units of the last hidden layer.</summary>
    public int Hidden { get; }

    /// <summary>Number of outputs (actions).</summary>
    public int Outputs { get; }

    /// <summary>The online hidden layers (ending with ReLU).</summary>
    public Sequential Body { get; }

    /// <summary>The online last layer's weight [outputs, hidden] (PyTorch layout: one row per action).</summary>
    public Parameter HeadWeight { get; }

    /// <summary>The online last layer's bias [outputs, 1].</summary>
    public Parameter HeadBias { get; }

    /// <summary>The target hidden layers.</summary>
    public Sequential TargetBody { get; }

    /// <summary>The target last layer's weight.</summary>
    public Parameter TargetHeadWeight { get; }

    /// <summary>The target last layer's bias.</summary>
    public Parameter TargetHeadBias { get; }

    /// <summary>Online parameters (Body's, then the head's).</summary>
    public ParameterSet Parameters { get; }

    /// <summary>Target parameters, same names and shapes.</summary>
    public ParameterSet TargetParameters { get; }

    /// <summary>Adam over <see cref="Parameters"/>.</summary>
    public Adam Optimizer { get; }

    /// <summary>Hard (τ = 1) or soft target update: θ' ← (1-τ)θ' + τθ.</summary>
    public void SyncTarget(double tau = 1.0) => TargetUpdate.Apply(TargetParameters, Parameters, tau);

    /// <summary>All Q values [batch, outputs] of the online (or target) network.</summary>
    public void QValues(ReadOnlySpan<float> states, int batch, Span<float> q, bool target = false)
    {
        Shapes.Require(q, batch, Outputs, "Q values");
        var h = (target ? TargetBody : Body).Forward(states, batch);
        var w = target ? TargetHeadWeight.Value : HeadWeight.Value;
        var bias = target ? TargetHeadBias.Value : HeadBias.Value;
        Sgemm.NT(batch, Outputs, Hidden, h, w, q);
        for (var r = 0; r < batch; r++)
        {
            var row = q.Slice(r * Outputs, Outputs);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    /// <summary>maxₐ Q_target(sᵢ, a) for each of <paramref name="batch"/> states, without storing the [batch, outputs] block.</summary>
    public void TargetMax(ReadOnlySpan<float> states, int batch, Span<float> max)
    {
        if (max.Length < batch) throw new ArgumentException($"max needs {batch} entries");
        var h = TargetBody.Forward(states, batch);
        Scan(HeadMode.Max, h, batch, TargetHeadWeight.Value, TargetHeadBias.Value);
        ReduceMax(batch, max, default);
    }

    /// <summary>argmaxₐ Q(s, a) of the online network for one state (first index on ties).</summary>
    public int Greedy(ReadOnlySpan<float> state)
    {
        var h = Body.Forward(state, 1);
        Scan(HeadMode.Max, h, 1, HeadWeight.Value, HeadBias.Value, needArg: true);
        Span<int> arg = stackalloc int[1];
        Span<float> max = stackalloc float[1];
        ReduceMax(1, max, arg);
        return arg[0];
    }

    /// <summary>
    /// One gradient step on L = loss(Q(sᵢ, aᵢ), yᵢ) averaged over the batch; the target network is not touched.
    /// Returns the loss before the step.
    /// </summary>
    public float Update(ReadOnlySpan<float> states, ReadOnlySpan<int> actions, ReadOnlySpan<float> targets, int batch)
    {
        var loss = GatheredBackward(states, actions, targets, batch);
        ActivateAll();
        Optimizer.Step();
        return loss;
    }

    /// <summary>
    /// One full DQN update: yᵢ = rᵢ + γ (1 - doneᵢ) maxₐ Q_target(s'ᵢ, a) (computed as r + ((γ·max)·(1-done)),
    /// PyTorch's order), one Adam step on loss(Q(sᵢ, aᵢ), yᵢ), then the soft update with
    /// <see cref="MlpQNetworkOptions.SoftUpdateTau"/> (skipped when 0). Returns the loss before the step.
    /// </summary>
    public float UpdateTd(ReadOnlySpan<float> states, ReadOnlySpan<int> actions, ReadOnlySpan<float> rewards,
        ReadOnlySpan<float> nextStates, ReadOnlySpan<float> dones, float gamma, int batch)
    {
        CheckBatch(batch, actions, rewards);
        if (dones.Length < batch) throw new ArgumentException($"dones needs {batch} entries");
        var tau = Options.SoftUpdateTau;
        if (Outputs < Options.FusedMinOutputs)
        {
            TargetMax(nextStates, batch, _y);
            for (var i = 0; i < batch; i++) _y[i] = rewards[i] + gamma * _y[i] * (1f - dones[i]);
            var l = Update(states, actions, _y.AsSpan(0, batch), batch);
            if (tau > 0) SyncTarget(tau);
            return l;
        }

        // Pass over the last layer: target max with θ'_t, Adam (zero gradient) and Polyak on every row that is not
        // gathered. Those rows' floats are final for this step; the gathered rows wait for the loss.
        var hTarget = TargetBody.Forward(nextStates, batch);
        SetGathered(actions[..batch]);
        var c = Optimizer.BeginStep();
        _job.Coefficients = c;
        _job.NextStepSize = Optimizer.CoefficientsOf(Optimizer.StepCount + 1).StepSize;
        _job.Tau = tau;
        Scan(HeadMode.FusedUpdate, hTarget, batch, TargetHeadWeight.Value, TargetHeadBias.Value);
        ReduceMax(batch, _y, default);
        for (var i = 0; i < batch; i++) _y[i] = rewards[i] + gamma * _y[i] * (1f - dones[i]);

        var loss = GatheredBackward(states, actions, _y.AsSpan(0, batch), batch);
        // Adam on the gathered rows and the lower layers, then their Polyak update.
        var headW = Parameters.Count - 2;
        var (mw, vw) = Optimizer.State(headW);
        var (mb, vb) = Optimizer.State(headW + 1);
        var hd = Hidden;
        for (var g = 0; g < _gatheredCount; g++)
        {
            var r = _gathered[g];
            if (_stalledSince[r] >= 0)
            {
                // Replay the zero-gradient steps this row skipped (its w did not move; m and v decayed).
                Catch(r, mw, vw, mb, vb, c.B1, c.B2, Optimizer.StepCount - 1 - _stalledSince[r]);
                _stalledSince[r] = -1;
            }
            AdamKernel.Update(HeadWeight.Row(r), mw.AsSpan(r * hd, hd), vw.AsSpan(r * hd, hd), HeadWeight.GradRow(r), c);
            AdamKernel.Update(HeadBias.Value.AsSpan(r, 1), mb.AsSpan(r, 1), vb.AsSpan(r, 1), HeadBias.Grad.AsSpan(r, 1), c);
            if (tau > 0)
            {
                TargetUpdate.Blend(TargetHeadWeight.Row(r), HeadWeight.Row(r), tau);
                TargetUpdate.Blend(TargetHeadBias.Value.AsSpan(r, 1), HeadBias.Value.AsSpan(r, 1), tau);
            }
        }
        for (var i = 0; i < headW; i++)
        {
            Optimizer.UpdateDense(i, c);
            if (tau > 0) TargetUpdate.Blend(TargetParameters[i].Value, Parameters[i].Value, tau);
        }
        return loss;
    }

    private void CheckBatch(int batch, ReadOnlySpan<int> actions, ReadOnlySpan<float> targets)
    {
        if (batch < 1 || batch > Options.MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"must be in [1, {Options.MaxBatch}]");
        if (actions.Length < batch || targets.Length < batch) throw new ArgumentException($"batch {batch} needs {batch} actions and targets");
        for (var i = 0; i < batch; i++)
            if ((uint)actions[i] >= (uint)Outputs) throw new ArgumentOutOfRangeException(nameof(actions), actions[i], $"action must be in [0, {Outputs})");
    }

    /// <summary>Zero grads, online forward of the body, gathered head rows, loss, gathered backward, body backward.</summary>
    internal float GatheredBackward(ReadOnlySpan<float> states, ReadOnlySpan<int> actions, ReadOnlySpan<float> targets, int batch)
    {
        CheckBatch(batch, actions, targets);
        Parameters.ZeroGrad();
        var h = Body.Forward(states, batch);
        var hd = Hidden;
        for (var i = 0; i < batch; i++)
            _qa[i] = HeadBias.Value[actions[i]] + TensorPrimitives.Dot(h.Slice(i * hd, hd), HeadWeight.Row(actions[i]));
        var loss = Losses.Compute(Options.Loss, _qa.AsSpan(0, batch), targets[..batch], _ga.AsSpan(0, batch));
        var dh = _dh.AsSpan(0, batch * hd);
        for (var i = 0; i < batch; i++)
        {
            var a = actions[i];
            var g = _ga[i];
            HeadWeight.MarkTouched(a);
            // dh_i = g · W[a] (before the step), dW[a] += g · h_i, db[a] += g
            TensorPrimitives.Multiply(HeadWeight.Row(a), g, dh.Slice(i * hd, hd));
            TensorPrimitives.MultiplyAdd(h.Slice(i * hd, hd), g, HeadWeight.GradRow(a), HeadWeight.GradRow(a));
            HeadBias.Grad[a] += g;
        }
        Body.Backward(states, dh);
        return loss;
    }

    private void SetGathered(ReadOnlySpan<int> actions)
    {
        actions.CopyTo(_gathered);
        var s = _gathered.AsSpan(0, actions.Length);
        s.Sort();
        var n = 0;
        for (var i = 0; i < s.Length; i++)
            if (i == 0 || s[i] != s[i - 1]) s[n++] = s[i];
        _gatheredCount = n;
    }

    private enum HeadMode { Max, FusedUpdate }

    private void Scan(HeadMode mode, ReadOnlySpan<float> h, int batch, float[] w, float[] bias, bool needArg = false)
    {
        _job.Mode = mode;
        _job.NeedArg = needArg;
        _job.Batch = batch;
        _job.W = w;
        _job.Bias = bias;
        h[..(batch * Hidden)].CopyTo(_job.H);
        if (Hidden <= Sgemm.KBlock) Sgemm.PackTransposed(h, Hidden, batch, Hidden, _job.PackedH);
        var parts = (long)batch * Outputs * Hidden >= Sgemm.ParallelThreshold ? WorkerPool.MaxParallelism : 1;
        _job.Parts = parts;
        WorkerPool.Run(_job, parts);
    }

    /// <summary>Combines the per-part maxima (first index wins ties, as torch.max and argmax do).</summary>
    private void ReduceMax(int batch, Span<float> max, Span<int> arg)
    {
        for (var i = 0; i < batch; i++)
        {
            var best = float.NegativeInfinity;
            var at = -1;
            for (var p = 0; p < _job.PartsRun; p++)
            {
                var v = _maxByPart[p * Options.MaxBatch + i];
                var a = _argByPart[p * Options.MaxBatch + i];
                if (a >= 0 && (at < 0 || v > best || float.IsNaN(v))) { best = v; at = a; }
                if (float.IsNaN(best)) break;
            }
            max[i] = best;
            if (!arg.IsEmpty) arg[i] = at;
        }
    }

    /// <summary>The per-block work over rows of the last layer, split over threads by row range.</summary>
    private sealed class HeadJob(MlpQNetwork net) : IParallelJob
    {
        public HeadMode Mode;
        public bool NeedArg;
        public int Batch, Parts, PartsRun;
        public float[] W = [], Bias = [];
        public readonly float[] H = new float[net.Options.MaxBatch * net.Hidden];
        public readonly float[] PackedH = net.Hidden <= Sgemm.KBlock ? new float[Sgemm.PackedLength(net.Options.MaxBatch, net.Hidden)] : [];
        public AdamCoefficients Coefficients;
        public float NextStepSize;
        public double Tau;

        public void Execute(int part, int parts)
        {
            PartsRun = parts;
            var n = net.Outputs;
            var hd = net.Hidden;
            var mb = net.Options.MaxBatch;
            var (r0, r1) = Sgemm.Split(n, BlockRows, part, parts);
            var max = net._maxByPart.AsSpan(part * mb, mb);
            var arg = net._argByPart.AsSpan(part * mb, mb);
            max.Fill(float.NegativeInfinity);
            arg.Fill(-1);
            var q = net._qBlocks.AsSpan(part * mb * BlockRows, mb * BlockRows);
            var h = H.AsSpan(0, Batch * hd);
            var packed = hd <= Sgemm.KBlock;
            for (var j0 = r0; j0 < r1; j0 += BlockRows)
            {
                var nb = Math.Min(BlockRows, r1 - j0);
                if (packed)
                {
                    // Qᵀ block [nb, batch] = W_block hᵀ: the weight rows are read in place, h was packed once.
                    Sgemm.MultiplyPacked(nb, Batch, hd, W.AsSpan(j0 * hd, nb * hd), hd, PackedH, q, Batch);
                    for (var jj = 0; jj < nb; jj++)
                    {
                        var row = q.Slice(jj * Batch, Batch);
                        var bj = Bias[j0 + jj];
                        if (NeedArg)
                        {
                            for (var i = 0; i < Batch; i++)
                            {
                                var v = row[i] + bj;
                                // torch.max semantics: NaN propagates; otherwise the first maximum wins (strictly greater).
                                if (arg[i] < 0 || v > max[i] || (float.IsNaN(v) && !float.IsNaN(max[i])))
                                {
                                    max[i] = v;
                                    arg[i] = j0 + jj;
                                }
                            }
                        }
                        else
                        {
                            TensorPrimitives.Add(row, bj, row);
                            TensorPrimitives.Max(max[..Batch], row, max[..Batch]);
                        }
                    }
                    if (!NeedArg) arg[..Batch].Fill(r0);
                }
                else
                {
                    Sgemm.Multiply(false, true, Batch, nb, hd, h, hd, W.AsSpan(j0 * hd, nb * hd), hd, q, nb);
                    var bias = Bias.AsSpan(j0, nb);
                    for (var i = 0; i < Batch; i++)
                    {
                        var row = q.Slice(i * nb, nb);
                        TensorPrimitives.Add(row, bias, row);
                        int at;
                        float v;
                        if (NeedArg)
                        {
                            at = TensorPrimitives.IndexOfMax(row);
                            v = row[at];
                        }
                        else
                        {
                            at = 0;
                            v = TensorPrimitives.Max(row);
                        }
                        if (arg[i] < 0 || v > max[i] || (float.IsNaN(v) && !float.IsNaN(max[i])))
                        {
                            max[i] = v;
                            arg[i] = j0 + at;
                        }
                    }
                }
                if (Mode == HeadMode.FusedUpdate) UpdateBlock(j0, j0 + nb);
            }
        }

        /// <summary>
        /// Adam with zero gradient, then Polyak, on the rows of [j0, j1) that are not gathered. A stalled row
        /// (see <see cref="AdamKernel.Stalled"/>: no later zero-gradient step can change its w) skips Adam; its m and
        /// v decays are replayed when it next gets a gradient or the optimizer state is read.
        /// </summary>
        private void UpdateBlock(int j0, int j1)
        {
            var hd = net.Hidden;
            var headW = net.Parameters.Count - 2;
            var (mw, vw) = net.Optimizer.State(headW);
            var (mbias, vbias) = net.Optimizer.State(headW + 1);
            var w = net.HeadWeight.Value;
            var b = net.HeadBias.Value;
            var tw = net.TargetHeadWeight.Value;
            var tb = net.TargetHeadBias.Value;
            var stalled = net._stalledSince;
            var canStall = net.Options.Adam.WeightDecay == 0;
            var step = net.Optimizer.StepCount;
            var gathered = net._gathered.AsSpan(0, net._gatheredCount);
            var gi = gathered.BinarySearch(j0);
            if (gi < 0) gi = ~gi;
            for (var j = j0; j < j1; j++)
            {
                if (gi < gathered.Length && gathered[gi] == j)
                {
                    gi++;
                    continue;
                }
                var o = j * hd;
                if (stalled[j] < 0)
                {
                    AdamKernel.Update(w.AsSpan(o, hd), mw.AsSpan(o, hd), vw.AsSpan(o, hd), default, Coefficients);
                    AdamKernel.Update(b.AsSpan(j, 1), mbias.AsSpan(j, 1), vbias.AsSpan(j, 1), default, Coefficients);
                    if (canStall && AdamKernel.Stalled(w.AsSpan(o, hd), mw.AsSpan(o, hd), NextStepSize, Coefficients.Eps)
                        && AdamKernel.Stalled(b.AsSpan(j, 1), mbias.AsSpan(j, 1), NextStepSize, Coefficients.Eps))
                        stalled[j] = step;
                }
                if (Tau > 0)
                {
                    TargetUpdate.Blend(tw.AsSpan(o, hd), w.AsSpan(o, hd), Tau);
                    tb[j] = tb[j] * (float)(1 - Tau) + (float)Tau * b[j];
                }
            }
        }
    }
}
