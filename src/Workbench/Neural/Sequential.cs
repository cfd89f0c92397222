using Workbench.Training;

namespace Workbench.Neural;

/// <summary>
/// Layers applied in order (PyTorch's <c>nn.Sequential</c>), with every activation and gradient buffer
/// preallocated for <see cref="MaxBatch"/> rows. <see cref="Forward"/> keeps the activations of the last
/// call so <see cref="Backward"/> can use them; nothing is allocated per call.
/// </summary>
public sealed class Sequential
{
    private readonly ILayer[] _layers;
    private readonly float[][] _acts;
    private readonly float[] _gradA;
    private readonly float[] _gradB;
    private int _batch = -1;

    /// <summary>Chains <paramref name="layers"/> (each input size must equal the previous output size).</summary>
    public Sequential(int maxBatch, params ILayer[] layers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0) throw new ArgumentException("at least one layer is needed", nameof(layers));
        for (var i = 1; i < layers.Length; i++)
            if (layers[i].InputSize != layers[i - 1].OutputSize)
                throw new ArgumentException($"layer {i} takes {layers[i].InputSize} inputs but layer {i - 1} gives {layers[i - 1].OutputSize}");
        MaxBatch = maxBatch;
        _layers = layers;
        _acts = layers.Select(l => new float[maxBatch * l.OutputSize]).ToArray();
        var widest = layers.Max(l => Math.Max(l.InputSize, l.OutputSize));
        _gradA = new float[maxBatch * widest];
        _gradB = new float[maxBatch * widest];
        Parameters = new ParameterSet(layers.SelectMany(l => l.Parameters));
    }

    /// <summary>
    /// A multilayer perceptron: Linear(sizes[0], sizes[1]), hidden activation, ..., Linear(sizes[^2], sizes[^1]),
    /// then <paramref name="output"/> (none by default). Linear layers are named <c>fc1</c>, <c>fc2</c>, ...
    /// </summary>
    public static Sequential Mlp(Rng rng, int maxBatch, IReadOnlyList<int> sizes, ActivationKind hidden = ActivationKind.ReLU,
        ActivationKind output = ActivationKind.None, string prefix = "fc")
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2) throw new ArgumentException("an MLP needs at least an input and an output size", nameof(sizes));
        var layers = new List<ILayer>();
        for (var i = 0; i + 1 < sizes.Count; i++)
        {
            layers.Add(new Linear(sizes[i], sizes[i + 1], rng, prefix + (i + 1)));
            var act = i + 2 < sizes.Count ? hidden : output;
            if (act != ActivationKind.None) layers.Add(new Activation(act, sizes[i + 1]));
        }
        return new Sequential(maxBatch, layers.ToArray());
    }

    /// <summary>Largest batch the buffers hold.</summary>
    public int MaxBatch { get; }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<ILayer> Layers => _layers;

    /// <summary>All trainable parameters, in layer order.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>Input features per row.</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>Output features per row.</summary>
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>Output of layer <paramref name="index"/> from the last forward, [batch, that layer's OutputSize].</summary>
    public ReadOnlySpan<float> ActivationOf(int index) => _acts[index].AsSpan(0, Math.Max(0, _batch) * _layers[index].OutputSize);

    /// <summary>Runs the layers on <paramref name="input"/> [batch, InputSize]; returns a view of the output buffer.</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch)
    {
        if ((uint)batch > (uint)MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"must be in [0, {MaxBatch}]");
        Shapes.Require(input, batch, InputSize, "network input");
        ReadOnlySpan<float> x = input;
        for (var i = 0; i < _layers.Length; i++)
        {
            _layers[i].Forward(x, _acts[i], batch);
            x = _acts[i].AsSpan(0, batch * _layers[i].OutputSize);
        }
        _batch = batch;
        return x;
    }

    /// <summary>
    /// Backpropagates <paramref name="outputGrad"/> (dL/d output of the last <see cref="Forward"/>, whose input
    /// must be passed again as <paramref name="input"/>): accumulates parameter gradients and writes dL/d input
    /// into <paramref name="inputGrad"/> unless it is empty.
    /// </summary>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad, Span<float> inputGrad = default)
    {
        if (_batch < 0) throw new InvalidOperationException("Backward needs a Forward first");
        var batch = _batch;
        Shapes.Require(outputGrad, batch, OutputSize, "network output gradient");
        ReadOnlySpan<float> g = outputGrad;
        var useA = true;
        for (var i = _layers.Length - 1; i >= 0; i--)
        {
            var layerIn = i == 0 ? input : _acts[i - 1].AsSpan(0, batch * _layers[i - 1].OutputSize);
            Span<float> dx;
            if (i == 0) dx = inputGrad;
            else
            {
                dx = (useA ? _gradA : _gradB).AsSpan(0, batch * _layers[i].InputSize);
                useA = !useA;
            }
            _layers[i].Backward(layerIn, _acts[i], g, dx, batch);
            g = dx;
        }
    }
}
