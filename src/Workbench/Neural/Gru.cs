using System.Numerics.Tensors;
using Workbench.Training;

namespace Workbench.Neural;

/// <summary>
/// A single-layer GRU (Cho et al. 2014) with PyTorch's <c>nn.GRU</c> equations and layout, over batch-first
/// sequences [batch, steps, input]:
/// r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 - z) ⊙ n + z ⊙ h.
/// Weights are stacked [r; z; n] as <c>weight_ih</c> [3H, I] and <c>weight_hh</c> [3H, H]; all four tensors
/// are initialised U(-1/√H, 1/√H) like PyTorch. <see cref="Backward"/> is backpropagation through time over
/// all steps, accepting a gradient on every step's output (or only the last). Buffers are preallocated for
/// <c>maxBatch</c> x <c>maxSteps</c>.
/// </summary>
public sealed class Gru
{
    private readonly float[] _gi, _gh, _r, _z, _n, _hn, _out, _dgi, _dgh, _dh, _dhPrev, _h0, _hPrevStack;
    private int _batch = -1, _steps;

    /// <summary>Creates the layer and initialises it from <paramref name="rng"/>.</summary>
    public Gru(int inputSize, int hiddenSize, int maxBatch, int maxSteps, Rng rng, string name = "gru")
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        MaxBatch = maxBatch;
        MaxSteps = maxSteps;
        var g = 3 * hiddenSize;
        WeightIH = new Parameter(name + ".weight_ih", g, inputSize);
        WeightHH = new Parameter(name + ".weight_hh", g, hiddenSize);
        BiasIH = new Parameter(name + ".bias_ih", g, 1);
        BiasHH = new Parameter(name + ".bias_hh", g, 1);
        Parameters = [WeightIH, WeightHH, BiasIH, BiasHH];
        foreach (var p in Parameters) Linear.InitUniform(p.Value, hiddenSize, rng);
        var rows = maxBatch * maxSteps;
        _gi = new float[rows * g];
        _gh = new float[maxBatch * g];
        _r = new float[rows * hiddenSize];
        _z = new float[rows * hiddenSize];
        _n = new float[rows * hiddenSize];
        _hn = new float[rows * hiddenSize];
        _out = new float[rows * hiddenSize];
        _dgi = new float[rows * g];
        _dgh = new float[rows * g];
        _hPrevStack = new float[rows * hiddenSize];
        _dh = new float[maxBatch * hiddenSize];
        _dhPrev = new float[maxBatch * hiddenSize];
        _h0 = new float[maxBatch * hiddenSize];
    }

    /// <summary>Input features per step.</summary>
    public int InputSize { get; }

    /// <summary>Hidden units H.</summary>
    public int HiddenSize { get; }

    /// <summary>Largest batch.</summary>
    public int MaxBatch { get; }

    /// <summary>Longest sequence.</summary>
    public int MaxSteps { get; }

    /// <summary>[W_ir; W_iz; W_in], shape [3H, I].</summary>
    public Parameter WeightIH { get; }

    /// <summary>[W_hr; W_hz; W_hn], shape [3H, H].</summary>
    public Parameter WeightHH { get; }

    /// <summary>[b_ir; b_iz; b_in].</summary>
    public Parameter BiasIH { get; }

    /// <summary>[b_hr; b_hz; b_hn].</summary>
    public Parameter BiasHH { get; }

    /// <summary>The four parameters, in PyTorch's order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>
    /// Runs the sequence: <paramref name="inputs"/> [batch, steps, I], initial state <paramref name="h0"/>
    /// [batch, H] (zeros when empty). Returns every step's hidden state [batch, steps, H] (a view, valid until the
    /// next call); the last step is the final state.
    /// </summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> inputs, int batch, int steps, ReadOnlySpan<float> h0 = default)
    {
        if (batch < 1 || batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"must be in [1, {MaxBatch}]");
        if (steps < 1 || steps > MaxSteps) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"must be in [1, {MaxSteps}]");
        Shapes.Require(inputs, batch * steps, InputSize, "GRU input");
        var h = HiddenSize;
        var g = 3 * h;
        var rows = batch * steps;
        var h0s = _h0.AsSpan(0, batch * h);
        if (h0.IsEmpty) h0s.Clear();
        else
        {
            Shapes.Require(h0, batch, h, "GRU initial state");
            h0[..(batch * h)].CopyTo(h0s);
        }
        // Input projections of all steps at once: GI = X W_ihᵀ + b_ih.
        var gi = _gi.AsSpan(0, rows * g);
        for (var r = 0; r < rows; r++) BiasIH.Value.CopyTo(gi.Slice(r * g, g));
        Sgemm.NT(rows, g, InputSize, inputs, WeightIH.Value, gi, accumulate: true);
        var gh = _gh.AsSpan(0, batch * g);
        for (var t = 0; t < steps; t++)
        {
            for (var b = 0; b < batch; b++) BiasHH.Value.CopyTo(gh.Slice(b * g, g));
            if (t == 0) Sgemm.NT(batch, g, h, h0s, WeightHH.Value, gh, accumulate: true);
            else Sgemm.Multiply(false, true, batch, g, h, _out.AsSpan((t - 1) * h), steps * h, WeightHH.Value, h, gh, g, accumulate: true);
            for (var b = 0; b < batch; b++)
            {
                var row = b * steps + t;
                var prev = t == 0 ? h0s.Slice(b * h, h) : _out.AsSpan((row - 1) * h, h);
                var gir = gi.Slice(row * g, g);
                var ghr = gh.Slice(b * g, g);
                var rr = _r.AsSpan(row * h, h);
                var zz = _z.AsSpan(row * h, h);
                var nn = _n.AsSpan(row * h, h);
                var hn = _hn.AsSpan(row * h, h);
                var o = _out.AsSpan(row * h, h);
                prev.CopyTo(_hPrevStack.AsSpan(row * h, h));
                TensorPrimitives.Add(gir[..h], ghr[..h], rr);
                TensorPrimitives.Sigmoid(rr, rr);
                TensorPrimitives.Add(gir.Slice(h, h), ghr.Slice(h, h), zz);
                TensorPrimitives.Sigmoid(zz, zz);
                ghr.Slice(2 * h, h).CopyTo(hn);
                for (var j = 0; j < h; j++) nn[j] = gir[2 * h + j] + rr[j] * hn[j];
                TensorPrimitives.Tanh(nn, nn);
                for (var j = 0; j < h; j++) o[j] = (1f - zz[j]) * nn[j] + zz[j] * prev[j];
            }
        }
        _batch = batch;
        _steps = steps;
        return _out.AsSpan(0, rows * h);
    }

    /// <summary>
    /// Backpropagation through time for the last <see cref="Forward"/> (pass its inputs again):
    /// <paramref name="outputGrad"/> [batch, steps, H] is dL/dh_t for every step (zeros where the loss does not
    /// read a step). Accumulates the parameter gradients; writes dL/dx [batch, steps, I] and dL/dh0 [batch, H]
    /// unless those spans are empty.
    /// </summary>
    public void Backward(ReadOnlySpan<float> inputs, ReadOnlySpan<float> outputGrad, Span<float> inputGrad = default, Span<float> h0Grad = default)
    {
        if (_batch < 0) throw new InvalidOperationException("Backward needs a Forward first");
        var (batch, steps) = (_batch, _steps);
        var h = HiddenSize;
        var g = 3 * h;
        var rows = batch * steps;
        Shapes.Require(outputGrad, rows, h, "GRU output gradient");
        var dh = _dh.AsSpan(0, batch * h);
        var dhPrev = _dhPrev.AsSpan(0, batch * h);
        dh.Clear();
        var dgi = _dgi.AsSpan(0, rows * g);
        var dgh = _dgh.AsSpan(0, rows * g);
        for (var t = steps - 1; t >= 0; t--)
        {
            for (var b = 0; b < batch; b++)
            {
                var row = b * steps + t;
                var d = dh.Slice(b * h, h);
                TensorPrimitives.Add(d, outputGrad.Slice(row * h, h), d);
                var prev = _hPrevStack.AsSpan(row * h, h);
                var rr = _r.AsSpan(row * h, h);
                var zz = _z.AsSpan(row * h, h);
                var nn = _n.AsSpan(row * h, h);
                var hn = _hn.AsSpan(row * h, h);
                var di = dgi.Slice(row * g, g);
                var dhh = dgh.Slice(row * g, g);
                var dp = dhPrev.Slice(b * h, h);
                for (var j = 0; j < h; j++)
                {
                    var dn = d[j] * (1f - zz[j]);
                    var dz = d[j] * (prev[j] - nn[j]);
                    dp[j] = d[j] * zz[j];
                    var dnPre = dn * (1f - nn[j] * nn[j]);
                    var drPre = dnPre * hn[j] * (rr[j] * (1f - rr[j]));
                    var dzPre = dz * (zz[j] * (1f - zz[j]));
                    di[j] = drPre;
                    di[h + j] = dzPre;
                    di[2 * h + j] = dnPre;
                    dhh[j] = drPre;
                    dhh[h + j] = dzPre;
                    dhh[2 * h + j] = dnPre * rr[j];
                }
            }
            // dh_{t-1} = dh ⊙ z + dGH_t W_hh
            Sgemm.Multiply(false, false, batch, h, g, dgh.Slice(t * g), steps * g, WeightHH.Value, h, dhPrev, h, accumulate: true);
            dhPrev.CopyTo(dh);
        }
        // Parameter gradients over all steps at once.
        Sgemm.TN(g, InputSize, rows, dgi, inputs, WeightIH.Grad, accumulate: true);
        Sgemm.TN(g, h, rows, dgh, _hPrevStack.AsSpan(0, rows * h), WeightHH.Grad, accumulate: true);
        for (var r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(BiasIH.Grad, dgi.Slice(r * g, g), BiasIH.Grad);
            TensorPrimitives.Add(BiasHH.Grad, dgh.Slice(r * g, g), BiasHH.Grad);
        }
        if (!inputGrad.IsEmpty)
        {
            Shapes.Require(inputGrad, rows, InputSize, "GRU input gradient");
            Sgemm.NN(rows, InputSize, g, dgi, WeightIH.Value, inputGrad);
        }
        if (!h0Grad.IsEmpty)
        {
            Shapes.Require(h0Grad, batch, h, "GRU initial-state gradient");
            dh.CopyTo(h0Grad);
        }
    }
}
