using Workbench.Neural;
using Workbench.Training;

namespace Workbench.Agents;

/// <summary>
/// Encodes a batch of states (each N track vectors of d floats, concatenated: [batch, N*d]) into features
/// [batch, <see cref="OutputSize"/>]. Keeps the activations of its last <see cref="Forward"/> for <see cref="Backward"/>.
/// </summary>
public interface IStateEncoder
{
    /// <summary>Floats per state (N*d).</summary>
    int InputSize { get; }

    /// <summary>Features per encoded state.</summary>
    int OutputSize { get; }

    /// <summary>The trainable parameters.</summary>
    ParameterSet Parameters { get; }

    /// <summary>Encodes <paramref name="states"/> [batch, InputSize]; returns a view of the features.</summary>
    ReadOnlySpan<float> Forward(ReadOnlySpan<float> states, int batch);

    /// <summary>Backpropagates dL/d features of the last forward (whose input is passed again); accumulates parameter gradients.</summary>
    void Backward(ReadOnlySpan<float> states, ReadOnlySpan<float> outputGrad);
}

/// <summary>The MLP option: one dense layer with ReLU over the flattened state, <c>h = relu(W s + b)</c>.</summary>
public sealed class MlpStateEncoder : IStateEncoder
{
    private readonly Sequential _net;

    /// <summary>Creates the encoder from <paramref name="rng"/> (PyTorch's default initialisation).</summary>
    public MlpStateEncoder(int inputSize, int hiddenSize, int maxBatch, Rng rng)
    {
        _net = Sequential.Mlp(rng, maxBatch, [inputSize, hiddenSize], output: ActivationKind.ReLU, prefix: "enc");
    }

    /// <inheritdoc />
    public int InputSize => _net.InputSize;

    /// <inheritdoc />
    public int OutputSize => _net.OutputSize;

    /// <inheritdoc />
    public ParameterSet Parameters => _net.Parameters;

    /// <inheritdoc />
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> states, int batch) => _net.Forward(states, batch);

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<float> states, ReadOnlySpan<float> outputGrad) => _net.Backward(states, outputGrad);
}

/// <summary>
/// The GRU encoder (the seed's <c>tf.nn.dynamic_rnn(GRUCell)</c> plus <c>gather_last_output</c>): the state is read as a
/// sequence of track vectors [batch, N, d]; the GRU runs over the first <see cref="Steps"/> of them and the
/// encoding is the hidden state after the last step read. The seed passes <c>sequence_length = ra_length = 3</c>, so
/// its GRUs read the 3 oldest of the 10 state tracks; <see cref="Steps"/> = N reads all. The cell is the neural
/// engine's (PyTorch's equations, tanh candidate); the seed's TF cell used a ReLU candidate and <c>r ⊙ h</c> inside
/// the product, which this engine does not offer. With <c>seedInit</c> the weights are drawn N(0, 1) and the biases
/// zeroed, as the seed's <c>random_normal</c>/<c>zeros</c> initialisers do.
/// </summary>
public sealed class GruStateEncoder : IStateEncoder
{
    private readonly Gru _gru;
    private readonly float[] _x;
    private readonly float[] _h;
    private readonly float[] _dOut;
    private int _batch = -1;

    /// <summary>Creates the encoder for states of <paramref name="stateLength"/> vectors of <paramref name="dimension"/> floats.</summary>
    public GruStateEncoder(int stateLength, int dimension, int hidden, int steps, int maxBatch, Rng rng, bool seedInit, string name = "gru")
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (steps < 1 || steps > stateLength) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"must be in [1, {stateLength}]");
        StateLength = stateLength;
        Dimension = dimension;
        Steps = steps;
        _gru = new Gru(dimension, hidden, maxBatch, steps, rng, name);
        if (seedInit)
        {
            var init = rng.Derive("seed-init");
            foreach (var w in new[] { _gru.WeightIH, _gru.WeightHH })
                for (var i = 0; i < w.Value.Length; i++) w.Value[i] = (float)init.NextGaussian();
            Array.Clear(_gru.BiasIH.Value);
            Array.Clear(_gru.BiasHH.Value);
        }
        _x = new float[maxBatch * steps * dimension];
        _h = new float[maxBatch * hidden];
        _dOut = new float[maxBatch * steps * hidden];
        Parameters = new ParameterSet(_gru.Parameters);
    }

    /// <summary>Tracks per state (N).</summary>
    public int StateLength { get; }

    /// <summary>Floats per track vector (d).</summary>
    public int Dimension { get; }

    /// <summary>Steps the GRU reads: the first <see cref="Steps"/> tracks of each state.</summary>
    public int Steps { get; }

    /// <inheritdoc />
    public int InputSize => StateLength * Dimension;

    /// <inheritdoc />
    public int OutputSize => _gru.HiddenSize;

    /// <inheritdoc />
    public ParameterSet Parameters { get; }

    /// <inheritdoc />
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> states, int batch)
    {
        var x = Inputs(states, batch);
        var outputs = _gru.Forward(x, batch, Steps);
        int hs = OutputSize, last = (Steps - 1) * hs;
        for (var b = 0; b < batch; b++) outputs.Slice(b * Steps * hs + last, hs).CopyTo(_h.AsSpan(b * hs, hs));
        _batch = batch;
        return _h.AsSpan(0, batch * hs);
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<float> states, ReadOnlySpan<float> outputGrad)
    {
        if (_batch < 0) throw new InvalidOperationException("Backward needs a Forward first");
        int hs = OutputSize, batch = _batch;
        var d = _dOut.AsSpan(0, batch * Steps * hs);
        d.Clear();
        for (var b = 0; b < batch; b++) outputGrad.Slice(b * hs, hs).CopyTo(d.Slice(b * Steps * hs + (Steps - 1) * hs, hs));
        _gru.Backward(Inputs(states, batch), d);
    }

    // The first Steps track vectors of every state, [batch, Steps, d] (the states themselves when Steps = N).
    private ReadOnlySpan<float> Inputs(ReadOnlySpan<float> states, int batch)
    {
        if (Steps == StateLength) return states[..(batch * InputSize)];
        var w = Steps * Dimension;
        for (var b = 0; b < batch; b++) states.Slice(b * InputSize, w).CopyTo(_x.AsSpan(b * w, w));
        return _x.AsSpan(0, batch * w);
    }
}

/// <summary>
/// The LIRD actor (the seed's <c>Actor._build_net</c>): a state encoder, then a dense layer to K weight vectors of d
/// floats, <c>w = W h + b</c> ([batch, K*d]). Each weight vector <c>w_k</c> scores every track by <c>w_k . e_i</c>.
/// </summary>
public sealed class DdpgActor
{
    private readonly Linear _head;
    private readonly float[] _h;
    private readonly float[] _out;
    private readonly float[] _gradH;
    private int _batch = -1;

    /// <summary>Creates the actor over <paramref name="encoder"/> with a head of <paramref name="actionSize"/> = K*d outputs.</summary>
    public DdpgActor(IStateEncoder encoder, int actionSize, int maxBatch, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        Encoder = encoder;
        _head = new Linear(encoder.OutputSize, actionSize, rng, "actor.head");
        _h = new float[maxBatch * encoder.OutputSize];
        _out = new float[maxBatch * actionSize];
        _gradH = new float[maxBatch * encoder.OutputSize];
        Parameters = new ParameterSet(encoder.Parameters.Concat(_head.Parameters));
        MaxBatch = maxBatch;
    }

    /// <summary>The state encoder (GRU or MLP).</summary>
    public IStateEncoder Encoder { get; }

    /// <summary>Floats per state.</summary>
    public int StateSize => Encoder.InputSize;

    /// <summary>Floats per output (K*d).</summary>
    public int ActionSize => _head.OutputSize;

    /// <summary>Largest batch.</summary>
    public int MaxBatch { get; }

    /// <summary>All trainable parameters (encoder, then head).</summary>
    public ParameterSet Parameters { get; }

    /// <summary>The weight vectors for <paramref name="states"/> [batch, StateSize]: a view [batch, K*d].</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> states, int batch)
    {
        var h = _h.AsSpan(0, batch * Encoder.OutputSize);
        Encoder.Forward(states, batch).CopyTo(h);
        _head.Forward(h, _out, batch);
        _batch = batch;
        return _out.AsSpan(0, batch * ActionSize);
    }

    /// <summary>Backpropagates dL/dw of the last forward; accumulates parameter gradients.</summary>
    public void Backward(ReadOnlySpan<float> states, ReadOnlySpan<float> outputGrad)
    {
        if (_batch < 0) throw new InvalidOperationException("Backward needs a Forward first");
        var h = _h.AsSpan(0, _batch * Encoder.OutputSize);
        var gh = _gradH.AsSpan(0, _batch * Encoder.OutputSize);
        _head.Backward(h, _out, outputGrad, gh, _batch);
        Encoder.Backward(states, gh);
    }
}

/// <summary>
/// The LIRD critic (the seed's <c>Critic._build_net</c>): <c>Q(s, a) = f([enc(s); a])</c> with f = dense 32 ReLU, dense 16
/// ReLU, dense 1.
/// </summary>
public sealed class DdpgCritic
{
    private readonly Sequential _mlp;
    private readonly float[] _x;
    private readonly float[] _gradX;
    private readonly float[] _gradH;
    private int _batch = -1;

    /// <summary>Creates the critic over <paramref name="encoder"/> for actions of <paramref name="actionSize"/> floats.</summary>
    public DdpgCritic(IStateEncoder encoder, int actionSize, int maxBatch, Rng rng, int hidden1 = 32, int hidden2 = 16)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        Encoder = encoder;
        ActionSize = actionSize;
        _mlp = Sequential.Mlp(rng, maxBatch, [encoder.OutputSize + actionSize, hidden1, hidden2, 1], prefix: "critic.fc");
        _x = new float[maxBatch * (encoder.OutputSize + actionSize)];
        _gradX = new float[_x.Length];
        _gradH = new float[maxBatch * encoder.OutputSize];
        Parameters = new ParameterSet(encoder.Parameters.Concat(_mlp.Parameters));
        MaxBatch = maxBatch;
    }

    /// <summary>The state encoder.</summary>
    public IStateEncoder Encoder { get; }

    /// <summary>Floats per action.</summary>
    public int ActionSize { get; }

    /// <summary>Largest batch.</summary>
    public int MaxBatch { get; }

    /// <summary>All trainable parameters (encoder, then the MLP).</summary>
    public ParameterSet Parameters { get; }

    /// <summary>Q for <paramref name="batch"/> rows of states and actions: a view [batch].</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> states, ReadOnlySpan<float> actions, int batch)
    {
        var h = Encoder.Forward(states, batch);
        Concat.Forward(h, Encoder.OutputSize, actions, ActionSize, _x, batch);
        _batch = batch;
        return _mlp.Forward(_x.AsSpan(0, batch * (Encoder.OutputSize + ActionSize)), batch);
    }

    /// <summary>
    /// Backpropagates dL/dQ of the last forward (its states passed again): accumulates parameter gradients and writes
    /// dL/da into <paramref name="actionGrad"/> unless it is empty.
    /// </summary>
    public void Backward(ReadOnlySpan<float> states, ReadOnlySpan<float> qGrad, Span<float> actionGrad)
    {
        if (_batch < 0) throw new InvalidOperationException("Backward needs a Forward first");
        var width = Encoder.OutputSize + ActionSize;
        var gx = _gradX.AsSpan(0, _batch * width);
        _mlp.Backward(_x.AsSpan(0, _batch * width), qGrad, gx);
        var gh = _gradH.AsSpan(0, _batch * Encoder.OutputSize);
        Concat.Backward(gx, Encoder.OutputSize, ActionSize, gh, actionGrad, _batch);
        Encoder.Backward(states, gh);
    }
}
