namespace Workbench.Experiments;

/// <summary>
/// Base of every experiment's options record. Each experiment declares its own
/// <c>public sealed record XyzOptions : ExperimentOptions</c> whose properties are all
/// <c>{ get; init; }</c>, each with a default and an XML doc comment (DESIGN.md rule 1).
/// Options are immutable: change them with <c>with { ... }</c>, from the command line with
/// <c>--set key=value</c> (<see cref="OptionsBinder"/>); they are written into every run's manifest
/// (<see cref="OptionsJson"/>).
/// </summary>
public abstract record ExperimentOptions
{
    /// <summary>Number of training episodes (the CLI's <c>--episodes</c>).</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-2)]
    public int Episodes { get; init; } = 100;

    /// <summary>Faithful (the seed's computation) or corrected (its bugs fixed); the CLI's <c>--mode</c>.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public RunMode Mode { get; init; } = RunMode.Faithful;

    /// <summary>
    /// Checks the values; throws a <see cref="WorkbenchException"/> naming the option, its value and the
    /// allowed range (use <see cref="Require"/>). Overrides call <c>base.Validate()</c> first. Called after
    /// <c>--set</c> and before every run.
    /// </summary>
    public virtual void Validate()
    {
        Require(Episodes >= 0, nameof(Episodes), Episodes, ">= 0");
        Require(Enum.IsDefined(Mode), nameof(Mode), Mode, "faithful, corrected");
    }

    /// <summary>Throws "option KEY = VALUE is out of range; allowed: ALLOWED" unless <paramref name="ok"/>.</summary>
    /// <param name="ok">The condition that must hold.</param>
    /// <param name="property">The property's name (<c>nameof(LearningRate)</c>); shown as its <c>--set</c> key.</param>
    /// <param name="value">The offending value.</param>
    /// <param name="allowed">The allowed range or values, e.g. "(0, 1]".</param>
    protected static void Require(bool ok, string property, object? value, string allowed)
    {
        if (ok) return;
        var key = System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(property);
        throw new WorkbenchException($"option {key} = {OptionsBinder.FormatValue(value)} is out of range; allowed: {allowed}");
    }
}
