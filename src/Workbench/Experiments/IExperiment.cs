namespace Workbench.Experiments;

/// <summary>
/// One reproducible experiment (one per seed model), discovered by <see cref="ExperimentRegistry"/> and
/// exposed as <c>workbench train NAME</c>, in multi-seed runs and in notebooks.
/// </summary>
/// <remarks>
/// <para><b>How to add an experiment</b> (see also src/Workbench/Experiments/README.md):</para>
/// <list type="number">
/// <item>Write <c>public sealed record XyzOptions : ExperimentOptions</c> with every knob as an
/// <c>init</c> property with a default and a doc comment.</item>
/// <item>Write <c>public sealed class XyzExperiment : Experiment&lt;XyzOptions&gt;</c> (public, with a
/// parameterless constructor) overriding <see cref="Name"/>, <see cref="Description"/>,
/// <c>Defaults(RunMode)</c> and <c>Run(XyzOptions, ExperimentContext)</c>.</item>
/// <item>In <c>Run</c>: draw every random number from streams of <see cref="ExperimentContext.Rng"/>
/// (<c>context.Rng.Derive("env")</c>...), read files under <see cref="ExperimentContext.DataDirectory"/>,
/// report progress through <see cref="ExperimentContext.CreateProgress"/>, check
/// <see cref="ExperimentContext.CancellationToken"/> once per episode, and return an
/// <see cref="ExperimentResult"/> with metric tables ("episodes", "steps"...), a summary (set
/// "updates"; "episodes" is added when missing), notes ("data: synthetic") and dataset checksums.</item>
/// </list>
/// <para><c>Run</c> must be reentrant (seeds run in parallel, each with its own context) and must
/// depend only on the options, the seed and the data, so the same seed gives byte-identical CSVs.</para>
/// </remarks>
public interface IExperiment
{
    /// <summary>The CLI name: one of "q-learning", "dueling-dqn", "ah-dqn", "dqn", "ddpg", "audio-dqn".</summary>
    string Name { get; }

    /// <summary>One line for <c>workbench train --help</c>.</summary>
    string Description { get; }

    /// <summary>The concrete options record type (for <c>--set</c> and manifests).</summary>
    Type OptionsType { get; }

    /// <summary>The default options for <paramref name="mode"/> (their <see cref="ExperimentOptions.Mode"/> equals <paramref name="mode"/>).</summary>
    ExperimentOptions DefaultOptions(RunMode mode);

    /// <summary>Runs the experiment for one seed; <see cref="ExperimentContext.Options"/> has type <see cref="OptionsType"/>.</summary>
    ExperimentResult Run(ExperimentContext context);
}

/// <summary>
/// Typed base class for implementers of <see cref="IExperiment"/>: override <see cref="Name"/>,
/// <see cref="Description"/>, <see cref="Defaults"/> and <see cref="Run(TOptions, ExperimentContext)"/>.
/// </summary>
/// <example>
/// <code>
/// public sealed record BanditOptions : ExperimentOptions
/// {
///     /// &lt;summary&gt;Exploration probability.&lt;/summary&gt;
///     public double Epsilon { get; init; } = 0.1;
/// }
///
/// public sealed class BanditExperiment : Experiment&lt;BanditOptions&gt;
/// {
///     public override string Name =&gt; "bandit";
///     public override string Description =&gt; "Two-armed bandit, epsilon-greedy.";
///     protected override BanditOptions Defaults(RunMode mode) =&gt; new() { Mode = mode, Episodes = 200 };
///     protected override ExperimentResult Run(BanditOptions o, ExperimentContext context)
///     {
///         var rng = context.Rng.Derive("agent");
///         var progress = context.CreateProgress(o.Episodes);
///         var result = new ExperimentResult();
///         var table = result.AddTable("episodes");
///         var episode = table.AddColumn("episode", ColumnKind.Integer);
///         var reward = table.AddColumn("reward", ColumnKind.Float);
///         for (var e = 0; e &lt; o.Episodes; e++)
///         {
///             context.CancellationToken.ThrowIfCancellationRequested();
///             // ... act, observe, update ...
///             episode.Add(e); reward.Add(r);
///             progress.Report(e + 1);
///         }
///         result.Summary["updates"] = o.Episodes;
///         result.Summary["mean_reward"] = reward.Mean();
///         return result;
///     }
/// }
/// </code>
/// </example>
/// <typeparam name="TOptions">The experiment's options record.</typeparam>
public abstract class Experiment<TOptions> : IExperiment where TOptions : ExperimentOptions
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <inheritdoc />
    public Type OptionsType => typeof(TOptions);

    /// <summary>The default options for <paramref name="mode"/>; must set <c>Mode = mode</c>.</summary>
    protected abstract TOptions Defaults(RunMode mode);

    /// <summary>Runs one seed with typed options (see <see cref="IExperiment.Run"/>).</summary>
    protected abstract ExperimentResult Run(TOptions options, ExperimentContext context);

    /// <summary>The typed defaults for <paramref name="mode"/> (with <c>Mode</c> forced to <paramref name="mode"/>).</summary>
    public TOptions DefaultOptionsFor(RunMode mode) => Defaults(mode) with { Mode = mode };

    /// <inheritdoc />
    public ExperimentOptions DefaultOptions(RunMode mode) => DefaultOptionsFor(mode);

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Options is not TOptions typed)
            throw new ArgumentException($"experiment '{Name}' needs {typeof(TOptions).Name}, got {context.Options.GetType().Name}", nameof(context));
        var result = Run(typed, context);
        if (!result.Summary.ContainsKey("episodes")) result.Summary.Insert(0, "episodes", typed.Episodes);
        return result;
    }
}
