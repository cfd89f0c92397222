using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Experiments;

/// <summary>
/// JSON for options records and run files: snake_case keys (<c>--set</c> accepts them too),
/// enums as snake_case strings, NaN and infinities as named literals, indented.
/// </summary>
public static class OptionsJson
{
    /// <summary>The serializer settings used for options, manifests and summaries.</summary>
    public static JsonSerializerOptions Settings { get; } = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The options as JSON (of their runtime type, so every property of the record appears).</summary>
    public static string Serialize(ExperimentOptions options) => JsonSerializer.Serialize(options, options.GetType(), Settings);

    /// <summary>The options as a JSON element (for embedding in a manifest).</summary>
    public static JsonElement ToElement(ExperimentOptions options) => JsonSerializer.SerializeToElement(options, options.GetType(), Settings);

    /// <summary>Reads options of <paramref name="optionsType"/> back from <paramref name="json"/> (missing keys keep their defaults).</summary>
    public static ExperimentOptions Deserialize(Type optionsType, string json) =>
        (ExperimentOptions)(JsonSerializer.Deserialize(json, optionsType, Settings) ?? throw new WorkbenchException("options JSON is null"));
}
