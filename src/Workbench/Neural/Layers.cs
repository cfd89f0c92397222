using System.Numerics.Tensors;
using Workbench.Training;

namespace Workbench.Neural;

/// <summary>
/// A differentiable map from [batch, <see cref="InputSize"/>] to [batch, <see cref="OutputSize"/>] row-major
/// float32 blocks. Layers keep no activations: the caller (a <see cref="Sequential"/>) passes the forward
/// input and output back to <see cref="Backward"/>, so one layer object can serve several batches and
/// every buffer is owned and preallocated by its container.
/// </summary>
public interface ILayer
{
    /// <summary>Features per input row.</summary>
    int InputSize { get; }

    /// <summary>Features per output row.</summary>
    int OutputSize { get; }

    /// <summary>The trainable parameters (empty for activations).</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Computes <paramref name="output"/> [batch, OutputSize] from <paramref name="input"/> [batch, InputSize].</summary>
    void Forward(ReadOnlySpan<float> input, Span<float> output, int batch);

    /// <summary>
    /// Backpropagates <paramref name="outputGrad"/> = dL/d output: accumulates (+=) the parameter gradients
    /// and writes dL/d input into <paramref name="inputGrad"/> (skipped when it is empty).
    /// </summary>
    void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad, Span<float> inputGrad, int batch);
}

/// <summary>Validation shared by the layers.</summary>
internal static class Shapes
{
    public static void Require(ReadOnlySpan<float> span, int batch, int width, string what)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "must be non-negative");
        if (span.Length < (long)batch * width)
            throw new ArgumentException($"{what}: {span.Length} floats, but batch {batch} x {width} needs {(long)batch * width}");
    }
}

/// <summary>
/// A fully connected layer y = x Wᵀ + b with W of shape [out, in] (PyTorch's <c>nn.Linear</c> layout).
/// Initialised like PyTorch: W and b ~ U(-1/√in, 1/√in) (Kaiming-uniform with a = √5, He et al. 2015),
/// drawn row-major, weight first, from the given <see cref="Rng"/>.
/// </summary>
public sealed class Linear : ILayer
{
    /// <summary>Creates the layer and initialises it from <paramref name="rng"/>.</summary>
    /// <param name="inputSize">Input features (fan-in).</param>
    /// <param name="outputSize">Output features.</param>
    /// <param name="rng">Generator for the initial values.</param>
    /// <param name="name">Prefix of the parameter names (<c>NAME.weight</c>, <c>NAME.bias</c>).</param>
    public Linear(int inputSize, int outputSize, Rng rng, string name = "linear")
    {
        ArgumentNullException.ThrowIfNull(rng);
        InputSize = inputSize;
        OutputSize = outputSize;
        Weight = new Parameter(name + ".weight", outputSize, inputSize);
        Bias = new Parameter(name + ".bias", outputSize, 1);
        Parameters = [Weight, Bias];
        InitUniform(Weight.Value, inputSize, rng);
        InitUniform(Bias.Value, inputSize, rng);
    }

    /// <summary>Fills <paramref name="values"/> with U(-1/√fanIn, 1/√fanIn) draws (PyTorch's default for Linear).</summary>
    public static void InitUniform(Span<float> values, int fanIn, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var bound = (float)(1.0 / Math.Sqrt(fanIn));
        for (var i = 0; i < values.Length; i++) values[i] = rng.NextSingle(-bound, bound);
    }

    /// <inheritdoc />
    public int InputSize { get; }

    /// <inheritdoc />
    public int OutputSize { get; }

    /// <summary>W, shape [out, in].</summary>
    public Parameter Weight { get; }

    /// <summary>b, shape [out, 1].</summary>
    public Parameter Bias { get; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        Shapes.Require(input, batch, InputSize, "Linear input");
        Shapes.Require(output, batch, OutputSize, "Linear output");
        var b = Bias.Value.AsSpan();
        for (var r = 0; r < batch; r++) b.CopyTo(output.Slice(r * OutputSize, OutputSize));
        Sgemm.NT(batch, OutputSize, InputSize, input, Weight.Value, output, accumulate: true);
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad, Span<float> inputGrad, int batch)
    {
        Shapes.Require(input, batch, InputSize, "Linear input");
        Shapes.Require(outputGrad, batch, OutputSize, "Linear output gradient");
        // dW += dYᵀ X ; db += Σ_rows dY ; dX = dY W
        Sgemm.TN(OutputSize, InputSize, batch, outputGrad, input, Weight.Grad, accumulate: true);
        var db = Bias.Grad.AsSpan();
        for (var r = 0; r < batch; r++) TensorPrimitives.Add(db, outputGrad.Slice(r * OutputSize, OutputSize), db);
        if (!inputGrad.IsEmpty)
        {
            Shapes.Require(inputGrad, batch, InputSize, "Linear input gradient");
            Sgemm.NN(batch, InputSize, OutputSize, outputGrad, Weight.Value, inputGrad);
        }
    }
}

/// <summary>The element-wise nonlinearities.</summary>
public enum ActivationKind
{
    /// <summary>Identity (no layer).</summary>
    None,

    /// <summary>max(0, x); derivative 1 where the output is positive, else 0 (PyTorch's convention at 0).</summary>
    ReLU,

    /// <summary>tanh x; derivative 1 - y².</summary>
    Tanh,

    /// <summary>σ(x) = 1 / (1 + e^-x); derivative y (1 - y).</summary>
    Sigmoid,
}

/// <summary>An element-wise activation layer; its backward pass uses the forward output only.</summary>
public sealed class Activation : ILayer
{
    /// <summary>Creates the activation for rows of <paramref name="size"/> features.</summary>
    public Activation(ActivationKind kind, int size)
    {
        if (kind == ActivationKind.None) throw new ArgumentException("ActivationKind.None is not a layer", nameof(kind));
        Kind = kind;
        InputSize = OutputSize = size;
    }

    /// <summary>Which nonlinearity.</summary>
    public ActivationKind Kind { get; }

    /// <inheritdoc />
    public int InputSize { get; }

    /// <inheritdoc />
    public int OutputSize { get; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => [];

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        var n = batch * InputSize;
        Shapes.Require(input, batch, InputSize, "activation input");
        Shapes.Require(output, batch, InputSize, "activation output");
        Apply(Kind, input[..n], output[..n]);
    }

    /// <summary>y = f(x) element-wise.</summary>
    public static void Apply(ActivationKind kind, ReadOnlySpan<float> x, Span<float> y)
    {
        switch (kind)
        {
            case ActivationKind.None: x.CopyTo(y); break;
            case ActivationKind.ReLU: TensorPrimitives.Max(x, 0f, y); break;
            case ActivationKind.Tanh: TensorPrimitives.Tanh(x, y); break;
            case ActivationKind.Sigmoid: TensorPrimitives.Sigmoid(x, y); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>dx = dy · f'(x), where f' is written in terms of the output y.</summary>
    public static void Derivative(ActivationKind kind, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        switch (kind)
        {
            case ActivationKind.None:
                dy.CopyTo(dx);
                break;
            case ActivationKind.ReLU:
                for (var i = 0; i < dx.Length; i++) dx[i] = y[i] > 0f ? dy[i] : 0f;
                break;
            case ActivationKind.Tanh:
                for (var i = 0; i < dx.Length; i++) dx[i] = dy[i] * (1f - y[i] * y[i]);
                break;
            case ActivationKind.Sigmoid:
                for (var i = 0; i < dx.Length; i++) dx[i] = dy[i] * (y[i] * (1f - y[i]));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad, Span<float> inputGrad, int batch)
    {
        if (inputGrad.IsEmpty) return;
        var n = batch * InputSize;
        Shapes.Require(output, batch, InputSize, "activation output");
        Shapes.Require(outputGrad, batch, InputSize, "activation output gradient");
        Shapes.Require(inputGrad, batch, InputSize, "activation input gradient");
        Derivative(Kind, output[..n], outputGrad[..n], inputGrad[..n]);
    }
}

/// <summary>
/// The dueling head of Wang et al. 2016 ("Dueling network architectures for deep reinforcement learning"):
/// Q(s, a) = V(s) + A(s, a) - (1/|A|) Σ_a' A(s, a'). V and A are linear maps of the shared features,
/// stored as one [1 + actions, in] weight (row 0 is V, rows 1.. are A), initialised like two PyTorch Linears.
/// </summary>
public sealed class DuelingHead : ILayer
{
    private readonly float[] _heads;
    private readonly float[] _headGrad;

    /// <summary>Creates the head for <paramref name="inputSize"/> features and <paramref name="actions"/> actions.</summary>
    public DuelingHead(int inputSize, int actions, int maxBatch, Rng rng, string name = "head")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(actions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        Actions = actions;
        MaxBatch = maxBatch;
        Values = new Linear(inputSize, 1 + actions, rng, name);
        _heads = new float[maxBatch * (1 + actions)];
        _headGrad = new float[maxBatch * (1 + actions)];
    }

    /// <summary>Number of actions.</summary>
    public int Actions { get; }

    /// <summary>Largest batch the workspaces hold.</summary>
    public int MaxBatch { get; }

    /// <summary>The stacked [V; A] linear map.</summary>
    public Linear Values { get; }

    /// <inheritdoc />
    public int InputSize => Values.InputSize;

    /// <inheritdoc />
    public int OutputSize => Actions;

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => Values.Parameters;

    /// <summary>V and A of the last forward: row r holds [V, A_1 .. A_n].</summary>
    public ReadOnlySpan<float> LastHeads(int batch) => _heads.AsSpan(0, batch * (1 + Actions));

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        RequireBatch(batch);
        Shapes.Require(output, batch, Actions, "dueling output");
        var w = 1 + Actions;
        Values.Forward(input, _heads, batch);
        for (var r = 0; r < batch; r++)
        {
            var h = _heads.AsSpan(r * w, w);
            var a = h[1..];
            var mean = TensorPrimitives.Sum(a) / Actions;
            var q = output.Slice(r * Actions, Actions);
            for (var j = 0; j < Actions; j++) q[j] = h[0] + (a[j] - mean);
        }
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad, Span<float> inputGrad, int batch)
    {
        RequireBatch(batch);
        Shapes.Require(outputGrad, batch, Actions, "dueling output gradient");
        // dV = Σ_j dQ_j ; dA_j = dQ_j - (1/n) Σ_i dQ_i
        var w = 1 + Actions;
        for (var r = 0; r < batch; r++)
        {
            var dq = outputGrad.Slice(r * Actions, Actions);
            var sum = TensorPrimitives.Sum(dq);
            var g = _headGrad.AsSpan(r * w, w);
            g[0] = sum;
            var mean = sum / Actions;
            for (var j = 0; j < Actions; j++) g[1 + j] = dq[j] - mean;
        }
        Values.Backward(input, _heads, _headGrad.AsSpan(0, batch * w), inputGrad, batch);
    }

    private void RequireBatch(int batch)
    {
        if ((uint)batch > (uint)MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"must be in [0, {MaxBatch}]");
    }
}

/// <summary>Concatenation of two row blocks along the feature axis, and its backward split.</summary>
public static class Concat
{
    /// <summary>output[r] = [a[r]; b[r]] for r &lt; batch (a: [batch, na], b: [batch, nb]).</summary>
    public static void Forward(ReadOnlySpan<float> a, int na, ReadOnlySpan<float> b, int nb, Span<float> output, int batch)
    {
        Shapes.Require(a, batch, na, "concat left");
        Shapes.Require(b, batch, nb, "concat right");
        Shapes.Require(output, batch, na + nb, "concat output");
        for (var r = 0; r < batch; r++)
        {
            a.Slice(r * na, na).CopyTo(output.Slice(r * (na + nb), na));
            b.Slice(r * nb, nb).CopyTo(output.Slice(r * (na + nb) + na, nb));
        }
    }

    /// <summary>Splits dL/d output into dL/da and dL/db (either may be empty to skip it).</summary>
    public static void Backward(ReadOnlySpan<float> outputGrad, int na, int nb, Span<float> aGrad, Span<float> bGrad, int batch)
    {
        Shapes.Require(outputGrad, batch, na + nb, "concat output gradient");
        for (var r = 0; r < batch; r++)
        {
            if (!aGrad.IsEmpty) outputGrad.Slice(r * (na + nb), na).CopyTo(aGrad.Slice(r * na, na));
            if (!bGrad.IsEmpty) outputGrad.Slice(r * (na + nb) + na, nb).CopyTo(bGrad.Slice(r * nb, nb));
        }
    }
}
