using Workbench.Training;

namespace Workbench.Neural;

/// <summary>Shape and training options of <see cref="DuelingQNetwork"/> (defaults: seed 000's Dueling DQN).</summary>
public sealed record DuelingQNetworkOptions
{
    /// <summary>Width of the sparse input (seed 000: 5 standardised numerics + 7 one-hot groups = 6,038).</summary>
    public int InputWidth { get; init; } = 6038;

    /// <summary>Units of the first hidden layer.</summary>
    public int Hidden1 { get; init; } = 128;

    /// <summary>Units of the second hidden layer.</summary>
    public int Hidden2 { get; init; } = 128;

    /// <summary>Number of actions (seed 000: like, dislike).</summary>
    public int Actions { get; init; } = 2;

    /// <summary>Largest batch (seed 000: 64).</summary>
    public int MaxBatch { get; init; } = 64;

    /// <summary>Optimizer settings (seed 000: Adam, lr 1e-3).</summary>
    public AdamOptions Adam { get; init; } = new() { LearningRate = 1e-3 };

    /// <summary>Regression loss on Q(s, a) (seed 000: MSE).</summary>
    public LossKind Loss { get; init; } = LossKind.Mse;

    /// <summary>Throws a <see cref="WorkbenchException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (InputWidth < 1) throw new WorkbenchException($"InputWidth must be >= 1, got {InputWidth}");
        if (Hidden1 < 1 || Hidden2 < 1) throw new WorkbenchException($"Hidden1 and Hidden2 must be >= 1, got {Hidden1} and {Hidden2}");
        if (Actions < 1) throw new WorkbenchException($"Actions must be >= 1, got {Actions}");
        if (MaxBatch < 1) throw new WorkbenchException($"MaxBatch must be >= 1, got {MaxBatch}");
        Adam.Validate();
    }
}

/// <summary>
/// Seed 000's Dueling DQN on sparse input: x (CSR) → SparseLinear → ReLU → Linear → ReLU → dueling head,
/// Q = V + A - mean A (Wang et al. 2016). The one-hot input is never densified: the first layer costs the
/// row's nonzeros, its weight gradient touches only the rows present in the batch, and Adam defers the
/// other rows exactly (<see cref="Adam"/>). Not thread-safe.
/// </summary>
/// <example>
/// One DQN update on a batch of 64 transitions (seed 000: every transition is terminal, so y = r):
/// <code>
/// var net = new DuelingQNetwork(new DuelingQNetworkOptions(), rng.Derive("net"));
/// var batch = new CsrBatchBuilder(6038, 64, 12);     // add 64 rows: 5 numeric entries + 7 one-hot entries
/// float loss = net.Update(batch.Build(), actions, rewards);
/// </code>
/// </example>
public sealed class DuelingQNetwork
{
    private readonly float[] _h1, _h2, _q, _dq, _dh1, _dh2, _qa, _ga;

    /// <summary>Creates and initialises the network (PyTorch's default initialisation) from <paramref name="rng"/>.</summary>
    public DuelingQNetwork(DuelingQNetworkOptions? options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Options = options ?? new DuelingQNetworkOptions();
        Options.Validate();
        var o = Options;
        Input = new SparseLinear(o.InputWidth, o.Hidden1, rng, "fc1");
        Hidden = new Linear(o.Hidden1, o.Hidden2, rng, "fc2");
        Head = new DuelingHead(o.Hidden2, o.Actions, o.MaxBatch, rng, "head");
        Parameters = new ParameterSet([.. Input.Parameters, .. Hidden.Parameters, .. Head.Parameters]);
        Optimizer = new Adam(Parameters, o.Adam);
        _h1 = new float[o.MaxBatch * o.Hidden1];
        _dh1 = new float[o.MaxBatch * o.Hidden1];
        _h2 = new float[o.MaxBatch * o.Hidden2];
        _dh2 = new float[o.MaxBatch * o.Hidden2];
        _q = new float[o.MaxBatch * o.Actions];
        _dq = new float[o.MaxBatch * o.Actions];
        _qa = new float[o.MaxBatch];
        _ga = new float[o.MaxBatch];
    }

    /// <summary>The options the network was built with.</summary>
    public DuelingQNetworkOptions Options { get; }

    /// <summary>First layer (sparse input, weight stored [in, out]).</summary>
    public SparseLinear Input { get; }

    /// <summary>Second layer.</summary>
    public Linear Hidden { get; }

    /// <summary>The dueling head.</summary>
    public DuelingHead Head { get; }

    /// <summary>All parameters (fc1.weight_t, fc1.bias, fc2.weight, fc2.bias, head.weight, head.bias).</summary>
    public ParameterSet Parameters { get; }

    /// <summary>The Adam optimizer over <see cref="Parameters"/>.</summary>
    public Adam Optimizer { get; }

    /// <summary>Q values [rows, actions] for a batch of states (a view of an internal buffer, valid until the next call).</summary>
    public ReadOnlySpan<float> Forward(CsrBatch states)
    {
        var b = states.Rows;
        if ((uint)b > (uint)Options.MaxBatch) throw new ArgumentOutOfRangeException(nameof(states), b, $"batch must be in [0, {Options.MaxBatch}]");
        var h1 = _h1.AsSpan(0, b * Options.Hidden1);
        var h2 = _h2.AsSpan(0, b * Options.Hidden2);
        Input.Forward(states, h1);
        Activation.Apply(ActivationKind.ReLU, h1, h1);
        Hidden.Forward(h1, h2, b);
        Activation.Apply(ActivationKind.ReLU, h2, h2);
        Head.Forward(h2, _q, b);
        return _q.AsSpan(0, b * Options.Actions);
    }

    /// <summary>
    /// One gradient step on L = loss(Q(sᵢ, aᵢ), yᵢ) averaged over the batch (PyTorch:
    /// <c>loss(net(x).gather(1, a), y); zero_grad(); backward(); step()</c>). Returns the loss before the step.
    /// </summary>
    public float Update(CsrBatch states, ReadOnlySpan<int> actions, ReadOnlySpan<float> targets)
    {
        var loss = Gradients(states, actions, targets);
        Optimizer.Step();
        return loss;
    }

    /// <summary>The gradients of <see cref="Update"/> without the step.</summary>
    internal float Gradients(CsrBatch states, ReadOnlySpan<int> actions, ReadOnlySpan<float> targets)
    {
        var b = states.Rows;
        if (b == 0) throw new ArgumentException("empty batch", nameof(states));
        if (actions.Length != b || targets.Length != b) throw new ArgumentException($"batch of {b} states needs {b} actions and targets, got {actions.Length} and {targets.Length}");
        var a = Options.Actions;
        Parameters.ZeroGrad();
        var q = Forward(states);
        for (var i = 0; i < b; i++)
        {
            if ((uint)actions[i] >= (uint)a) throw new ArgumentOutOfRangeException(nameof(actions), actions[i], $"action must be in [0, {a})");
            _qa[i] = q[i * a + actions[i]];
        }
        var loss = Losses.Compute(Options.Loss, _qa.AsSpan(0, b), targets, _ga.AsSpan(0, b));
        var dq = _dq.AsSpan(0, b * a);
        dq.Clear();
        for (var i = 0; i < b; i++) dq[i * a + actions[i]] = _ga[i];
        var h1 = _h1.AsSpan(0, b * Options.Hidden1);
        var h2 = _h2.AsSpan(0, b * Options.Hidden2);
        var dh1 = _dh1.AsSpan(0, b * Options.Hidden1);
        var dh2 = _dh2.AsSpan(0, b * Options.Hidden2);
        Head.Backward(h2, q, dq, dh2, b);
        Activation.Derivative(ActivationKind.ReLU, h2, dh2, dh2);
        Hidden.Backward(h1, h2, dh2, dh1, b);
        Activation.Derivative(ActivationKind.ReLU, h1, dh1, dh1);
        Input.Backward(states, dh1);
        return loss;
    }

    /// <summary>Saves parameters and Adam state (<see cref="NeuralCheckpoint"/>).</summary>
    public void Save(string path) => NeuralCheckpoint.Save(path, Parameters, Optimizer);

    /// <summary>Loads parameters and Adam state saved by <see cref="Save"/>.</summary>
    public void Load(string path) => NeuralCheckpoint.Load(path, Parameters, Optimizer);
}
