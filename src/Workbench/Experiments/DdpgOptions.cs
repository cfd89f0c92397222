using Workbench.Agents;
using Workbench.Data;
using Workbench.Embeddings;
using Workbench.Simulation;

namespace Workbench.Experiments;

/// <summary>The state encoder of the actor and the critic.</summary>
public enum DdpgEncoder
{
    /// <summary>A GRU over the state's track vectors, last hidden state (the seed's).</summary>
    Gru,

    /// <summary>One dense ReLU layer over the flattened state (the MLP option).</summary>
    Mlp,
}

/// <summary>
/// Options of the seed-002/004 experiment (<c>workbench train ddpg</c>): the LIRD pipeline on the Spotify skip logs.
/// Faithful defaults are the seed's (SEEDS.md section 002 and the seed's <c>main.py</c>/<c>train.py</c>); corrected
/// mode (<see cref="DdpgExperiment"/>) flips each quirk. Every key is settable with <c>--set key=value</c>.
/// </summary>
public sealed record DdpgOptions : ExperimentOptions
{
    /// <summary>Rounds (recommendations) per episode (the seed's <c>nb_rounds</c> = 50).</summary>
    public int Rounds { get; init; } = 50;

    /// <summary>Stand-in for the seed's popularity filter: tracks played fewer times in the log are dropped (3 leaves 761 sessions of the real sample).</summary>
    public int MinPlayCount { get; init; } = 3;

    /// <summary>Fraction of sessions that train (the seed's 0.7).</summary>
    public double TrainFraction { get; init; } = 0.7;

    /// <summary>Seed of the session shuffle before the split (the seed's 42); fixed across run seeds.</summary>
    public int SplitSeed { get; init; } = 42;

    /// <summary>Tracks in a state (N, the seed's <c>history_length</c>).</summary>
    public int StateLength { get; init; } = 10;

    /// <summary>Tracks per recommendation (K, the seed's <c>ra_length</c>).</summary>
    public int ActionLength { get; init; } = 3;

    /// <summary>Order of a sample's state tracks (the seed's pandas sample order is random).</summary>
    public StateOrder StateOrder { get; init; } = StateOrder.Sampled;

    /// <summary>Track embedding dimension d (the seed's lost embeddings had 300; 64 trains in seconds and is cached).</summary>
    public int EmbeddingDim { get; init; } = 64;

    /// <summary>Epochs of the embedding trainer (80: about 5 s once, then cached; rare tracks need many passes to find their session neighbours).</summary>
    public int EmbeddingEpochs { get; init; } = 80;

    /// <summary>Negative samples per target in the embedding trainer.</summary>
    public int EmbeddingNegatives { get; init; } = 5;

    /// <summary>Initial SGD learning rate of the embedding trainer.</summary>
    public double EmbeddingLr { get; init; } = 0.05;

    /// <summary>Seed of the embedding trainer (fixed across run seeds, like the seed's one embeddings file).</summary>
    public int EmbeddingSeed { get; init; } = 7;

    /// <summary>Subtract the mean track vector after training (see <see cref="TrackEmbeddingOptions.Center"/>).</summary>
    public bool EmbeddingCenter { get; init; } = true;

    /// <summary>Folder of the embedding cache; null = the repository's <c>data/cache/</c> (else the system temp folder).</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Weight of the state cosine in the simulator's group probabilities (the seed's 0.2).</summary>
    public double Alpha { get; init; } = 0.2;

    /// <summary>Discount along the list in the simulator's reward (the seed's 0.9).</summary>
    public double ListDiscount { get; init; } = 0.9;

    /// <summary>Normalisation of the simulator's group means (the seed's per-dimension quirk in faithful mode).</summary>
    public GroupNormalization GroupNormalization { get; init; } = GroupNormalization.PerDimensionAcrossItems;

    /// <summary>State encoder of actor and critic.</summary>
    public DdpgEncoder Encoder { get; init; } = DdpgEncoder.Gru;

    /// <summary>Actor encoder width; 0 = the embedding dimension (the seed's <c>GRUCell(embedding_size)</c>).</summary>
    public int ActorHidden { get; init; }

    /// <summary>Critic encoder width (the seed's <c>GRUCell(history_length)</c> = 10).</summary>
    public int CriticHidden { get; init; } = 10;

    /// <summary>
    /// State steps the GRUs read; 0 = all N. The seed passes <c>sequence_length = [ra_length] * batch</c>, so its GRUs
    /// read only the first K = 3 (oldest) of the 10 state tracks: faithful mode uses 3.
    /// </summary>
    public int SequenceLength { get; init; }

    /// <summary>Initialise the GRUs like the seed's TF cells: weights ~ N(0, 1), biases 0, ReLU candidate activation (else PyTorch's GRU).</summary>
    public bool SeedGruInit { get; init; } = true;

    /// <summary>TD discount γ (the seed's 0.99).</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>Actor learning rate (the seed's 5e-5).</summary>
    public double ActorLr { get; init; } = 5e-5;

    /// <summary>Critic learning rate (the seed's 1e-3).</summary>
    public double CriticLr { get; init; } = 1e-3;

    /// <summary>Soft target update rate (the seed's 0.001).</summary>
    public double Tau { get; init; } = 0.001;

    /// <summary>Replay batch size (the seed's 64); updates start once the buffer holds this many transitions.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Replay capacity (the seed's 10,000).</summary>
    public int BufferCapacity { get; init; } = 10_000;

    /// <summary>Quirk switch: the actor ascends Q (corrected) or descends it (the seed).</summary>
    public bool ActorAscendsQ { get; init; }

    /// <summary>Quirk switch: a' = μ'(s') (corrected) or μ'(s) (the seed).</summary>
    public bool TargetActionFromNextState { get; init; }

    /// <summary>Quirk switch: dQ/da at the online actor's action (corrected) or at the target's a' (the seed).</summary>
    public bool ActionGradientAtOnlineAction { get; init; }

    /// <summary>Quirk switch: recommended lists hold distinct tracks (corrected; the seed's argmax per slot can repeat).</summary>
    public bool Deduplicate { get; init; }

    /// <summary>Never recommend a track already in the state or history (needs <see cref="Deduplicate"/>).</summary>
    public bool ExcludeHistory { get; init; }

    /// <summary>Exploration noise (the seed's: uniform OU-like noise on the state).</summary>
    public DdpgNoiseKind Noise { get; init; } = DdpgNoiseKind.SeedStateUniform;

    /// <summary>Noise σ (the seed's 0.2).</summary>
    public double NoiseSigma { get; init; } = 0.2;

    /// <summary>Noise mean reversion θ for the OU kinds (the seed's 0.5).</summary>
    public double NoiseTheta { get; init; } = 0.5;

    /// <summary>Rounds of the seed-style evaluation over the held-out sessions (the seed's 2).</summary>
    public int EvalRounds { get; init; } = 2;

    /// <summary>History protocol of the seed-style evaluation.</summary>
    public SeedEvaluationProtocol EvalProtocol { get; init; } = SeedEvaluationProtocol.Seed;

    /// <summary>Rows of the synthetic log used when the real one is absent (a small track pool, so the filters keep sessions).</summary>
    public int SyntheticRows { get; init; } = 30_000;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Rounds >= 1, nameof(Rounds), Rounds, ">= 1");
        Require(MinPlayCount >= 1, nameof(MinPlayCount), MinPlayCount, ">= 1");
        Require(TrainFraction is > 0 and < 1, nameof(TrainFraction), TrainFraction, "(0, 1)");
        Require(StateLength is >= 1 and <= 10, nameof(StateLength), StateLength, "[1, 10] (the first half of a 20-track session)");
        Require(ActionLength is >= 1 and <= 4, nameof(ActionLength), ActionLength, "[1, 4] (the last 4 tracks)");
        Require(EmbeddingDim is >= 1 and <= 1024, nameof(EmbeddingDim), EmbeddingDim, "[1, 1024]");
        Require(EmbeddingEpochs >= 0, nameof(EmbeddingEpochs), EmbeddingEpochs, ">= 0");
        Require(EmbeddingNegatives >= 1, nameof(EmbeddingNegatives), EmbeddingNegatives, ">= 1");
        Require(EmbeddingLr > 0, nameof(EmbeddingLr), EmbeddingLr, "> 0");
        Require(Alpha is >= 0 and <= 1, nameof(Alpha), Alpha, "[0, 1]");
        Require(ListDiscount is >= 0 and <= 1, nameof(ListDiscount), ListDiscount, "[0, 1]");
        Require(ActorHidden >= 0, nameof(ActorHidden), ActorHidden, ">= 0 (0 = embedding dimension)");
        Require(CriticHidden >= 1, nameof(CriticHidden), CriticHidden, ">= 1");
        Require(SequenceLength >= 0 && SequenceLength <= StateLength, nameof(SequenceLength), SequenceLength, $"[0, {StateLength}] (0 = all)");
        Require(Gamma is >= 0 and <= 1, nameof(Gamma), Gamma, "[0, 1]");
        Require(ActorLr > 0, nameof(ActorLr), ActorLr, "> 0");
        Require(CriticLr > 0, nameof(CriticLr), CriticLr, "> 0");
        Require(Tau is > 0 and <= 1, nameof(Tau), Tau, "(0, 1]");
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, ">= 1");
        Require(BufferCapacity >= BatchSize, nameof(BufferCapacity), BufferCapacity, $">= batch-size ({BatchSize})");
        Require(NoiseSigma >= 0, nameof(NoiseSigma), NoiseSigma, ">= 0");
        Require(NoiseTheta is >= 0 and <= 1, nameof(NoiseTheta), NoiseTheta, "[0, 1]");
        Require(EvalRounds >= 1, nameof(EvalRounds), EvalRounds, ">= 1");
        Require(SyntheticRows >= 1000, nameof(SyntheticRows), SyntheticRows, ">= 1000");
    }

    /// <summary>The session-pipeline options.</summary>
    public SkipSessionOptions SessionOptions => new() { MinPlayCount = MinPlayCount, TrainFraction = TrainFraction, SplitSeed = SplitSeed };

    /// <summary>The sampling options.</summary>
    public LirdSampleOptions SampleOptions => new() { StateLength = StateLength, ActionLength = ActionLength, StateOrder = StateOrder };

    /// <summary>The embedding options.</summary>
    public TrackEmbeddingOptions EmbeddingOptions => new()
    {
        Dimension = EmbeddingDim, Epochs = EmbeddingEpochs, Negatives = EmbeddingNegatives, LearningRate = (float)EmbeddingLr,
        Seed = EmbeddingSeed, Center = EmbeddingCenter,
    };

    /// <summary>The simulator options.</summary>
    public LirdSimulatorOptions SimulatorOptions => new() { Alpha = Alpha, ListDiscount = ListDiscount, Normalization = GroupNormalization };

    /// <summary>The agent options.</summary>
    public DdpgAgentOptions AgentOptions => new()
    {
        Gamma = Gamma, ActorLearningRate = ActorLr, CriticLearningRate = CriticLr, Tau = Tau, ActorAscendsQ = ActorAscendsQ,
        TargetActionFromNextState = TargetActionFromNextState, ActionGradientAtOnlineAction = ActionGradientAtOnlineAction,
    };
}
