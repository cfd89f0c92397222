using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Workbench.Experiments;

/// <summary>One settable option of an options record, for help text and error messages.</summary>
/// <param name="Key">The <c>--set</c> key (kebab-case: <c>learning-rate</c>).</param>
/// <param name="Property">The C# property.</param>
/// <param name="TypeName">A short type name ("int", "double?", "int[]", "enum: faithful|corrected").</param>
/// <param name="Value">The current value as <c>--set</c> text.</param>
/// <param name="Description">The property's XML doc summary (from the assembly's documentation file), or "" when unavailable.</param>
public sealed record OptionInfo(string Key, PropertyInfo Property, string TypeName, string Value, string Description);

/// <summary>
/// Applies <c>--set key=value</c> assignments to an immutable options record: copies it (the
/// record's own clone, as <c>with</c> does) and sets the named <c>init</c> properties by reflection.
/// Keys match property names ignoring case, '-' and '_' (<c>learning-rate</c>, <c>learning_rate</c>,
/// <c>LearningRate</c>). Types: int, long, float, double, bool, string, enums, nullable of these
/// ("null" clears), and int/float/double arrays ("1,2,3"). An unknown key or a bad value throws a
/// <see cref="WorkbenchException"/> naming the option, the value and the allowed keys or values.
/// </summary>
public static class OptionsBinder
{
    /// <summary>A copy of <paramref name="options"/> with <paramref name="assignments"/> ("key=value") applied in order, then validated.</summary>
    public static T Apply<T>(T options, IEnumerable<string> assignments) where T : ExperimentOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(assignments);
        var list = assignments.ToList();
        if (list.Count == 0) return options;
        var copy = Clone(options);
        foreach (var a in list)
        {
            var eq = a.IndexOf('=');
            if (eq <= 0) throw new WorkbenchException($"--set '{a}': expected key=value; allowed keys: {AllowedKeys(options.GetType())}");
            Set(copy, a[..eq].Trim(), a[(eq + 1)..].Trim());
        }
        copy.Validate();
        return copy;
    }

    /// <summary>A copy of <paramref name="options"/> with one option set from text (not validated).</summary>
    public static T With<T>(T options, string key, string value) where T : ExperimentOptions
    {
        var copy = Clone(options);
        Set(copy, key, value);
        return copy;
    }

    /// <summary>The settable options of <paramref name="options"/> with their current values, in declaration order (base properties first).</summary>
    public static IReadOnlyList<OptionInfo> Describe(ExperimentOptions options) =>
        Properties(options.GetType()).Select(p => new OptionInfo(KeyOf(p), p, TypeName(p.PropertyType), FormatValue(p.GetValue(options)), XmlDocs.Summary(p))).ToList();

    /// <summary>The <c>--set</c> key of a property: its name in kebab-case (<c>LearningRate</c> -> <c>learning-rate</c>).</summary>
    public static string KeyOf(PropertyInfo property) => JsonNamingPolicy.KebabCaseLower.ConvertName(property.Name);

    /// <summary>A value as <c>--set</c> text (invariant culture; enums in kebab-case; arrays comma-separated; null as "null").</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        Enum e => JsonNamingPolicy.KebabCaseLower.ConvertName(e.ToString()),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => string.Join(",", items.Cast<object?>().Select(FormatValue)),
        _ => value.ToString() ?? "",
    };

    internal static T Clone<T>(T options) where T : ExperimentOptions
    {
        var clone = options.GetType().GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)
                    ?? throw new InvalidOperationException($"{options.GetType().Name} is not a record");
        return (T)clone.Invoke(options, null)!;
    }

    private static IEnumerable<PropertyInfo> Properties(Type type)
    {
        // Base classes first, then declaration order within each class.
        var chain = new List<Type>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType) chain.Insert(0, t);
        return chain.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
                .OrderBy(p => p.MetadataToken));
    }

    private static string Normalize(string key) => key.Replace("-", "").Replace("_", "").ToLowerInvariant();

    private static string AllowedKeys(Type type) => string.Join(", ", Properties(type).Select(p => $"{KeyOf(p)} ({TypeName(p.PropertyType)})"));

    private static void Set(ExperimentOptions target, string key, string value)
    {
        var n = Normalize(key);
        var prop = Properties(target.GetType()).FirstOrDefault(p => Normalize(p.Name) == n)
                   ?? throw new WorkbenchException($"--set {key}={value}: unknown option '{key}' for {target.GetType().Name}; allowed keys: {AllowedKeys(target.GetType())}");
        var k = KeyOf(prop);
        object? parsed;
        try
        {
            parsed = Parse(prop, value);
        }
        catch (FormatException e)
        {
            throw new WorkbenchException($"--set {k}={value}: {e.Message}");
        }
        prop.SetValue(target, parsed);
    }

    private static object? Parse(PropertyInfo prop, string text)
    {
        var type = prop.PropertyType;
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
            return text.Length == 0 || text.Equals("null", StringComparison.OrdinalIgnoreCase) ? null : ParseScalar(underlying, text);
        if (type.IsArray)
        {
            if (text.Equals("null", StringComparison.OrdinalIgnoreCase))
            {
                var nullable = new NullabilityInfoContext().Create(prop).WriteState == NullabilityState.Nullable;
                return nullable ? null : throw new FormatException($"'null' is not allowed; expected a comma-separated list of {TypeName(type.GetElementType()!)}");
            }
            var elem = type.GetElementType()!;
            var parts = text.Length == 0 ? [] : text.Split(',', StringSplitOptions.TrimEntries);
            var arr = Array.CreateInstance(elem, parts.Length);
            for (var i = 0; i < parts.Length; i++)
            {
                try
                {
                    arr.SetValue(ParseScalar(elem, parts[i]), i);
                }
                catch (FormatException e)
                {
                    throw new FormatException($"item {i + 1} of '{text}': {e.Message}");
                }
            }
            return arr;
        }
        if (type == typeof(string))
        {
            var nullable = new NullabilityInfoContext().Create(prop).WriteState == NullabilityState.Nullable;
            return nullable && text.Equals("null", StringComparison.OrdinalIgnoreCase) ? null : text;
        }
        return ParseScalar(type, text);
    }

    private static object ParseScalar(Type type, string text)
    {
        var inv = CultureInfo.InvariantCulture;
        if (type == typeof(int) || type == typeof(long))
        {
            var max = type == typeof(int) ? int.MaxValue : long.MaxValue;
            var min = type == typeof(int) ? int.MinValue : long.MinValue;
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, inv, out var l) && l >= min && l <= max)
                return type == typeof(int) ? (object)(int)l : l;
            // Allow "1e5" for integers when the value is integral and in range.
            if (double.TryParse(text, NumberStyles.Float, inv, out var d) && d == Math.Floor(d) && d >= min && d <= max)
                return type == typeof(int) ? (object)(int)d : (long)d;
            throw new FormatException($"'{text}' is not an integer in [{min}, {max}]");
        }
        if (type == typeof(double))
            return double.TryParse(text, NumberStyles.Float, inv, out var d) ? d : throw new FormatException($"'{text}' is not a number (for example 0.001 or 1e-3)");
        if (type == typeof(float))
            return float.TryParse(text, NumberStyles.Float, inv, out var f) ? f : throw new FormatException($"'{text}' is not a number (for example 0.001 or 1e-3)");
        if (type == typeof(bool))
            return text.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" or "on" => true,
                "false" or "0" or "no" or "off" => false,
                _ => throw new FormatException($"'{text}' is not a boolean; allowed values: true, false"),
            };
        if (type == typeof(string)) return text;
        if (type.IsEnum)
        {
            var n = Normalize(text);
            foreach (var name in Enum.GetNames(type))
                if (Normalize(name) == n) return Enum.Parse(type, name);
            throw new FormatException($"'{text}' is not allowed; allowed values: {string.Join(", ", Enum.GetNames(type).Select(x => JsonNamingPolicy.KebabCaseLower.ConvertName(x)))}");
        }
        throw new InvalidOperationException($"options of type {type.Name} cannot be set from text");
    }

    private static string TypeName(Type t)
    {
        if (Nullable.GetUnderlyingType(t) is { } u) return TypeName(u) + "?";
        if (t.IsArray) return TypeName(t.GetElementType()!) + "[]";
        if (t.IsEnum) return "enum: " + string.Join("|", Enum.GetNames(t).Select(x => JsonNamingPolicy.KebabCaseLower.ConvertName(x)));
        return t == typeof(int) ? "int" : t == typeof(long) ? "long" : t == typeof(float) ? "float" : t == typeof(double) ? "double"
            : t == typeof(bool) ? "bool" : t == typeof(string) ? "string" : t.Name;
    }
}

/// <summary>Reads property summaries from an assembly's XML documentation file (ASSEMBLY.xml beside the DLL), cached per assembly.</summary>
internal static class XmlDocs
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Assembly, Dictionary<string, string>> Cache = new();

    /// <summary>The summary of <paramref name="property"/> with whitespace collapsed, or "".</summary>
    public static string Summary(PropertyInfo property)
    {
        var type = property.DeclaringType;
        if (type is null) return "";
        var docs = Cache.GetOrAdd(type.Assembly, Load);
        return docs.TryGetValue("P:" + type.FullName!.Replace('+', '.') + "." + property.Name, out var s) ? s : "";
    }

    private static Dictionary<string, string> Load(Assembly assembly)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            if (string.IsNullOrEmpty(assembly.Location)) return result;
            var path = Path.ChangeExtension(assembly.Location, ".xml");
            if (!File.Exists(path)) return result;
            var doc = System.Xml.Linq.XDocument.Load(path);
            foreach (var m in doc.Descendants("member"))
            {
                var name = (string?)m.Attribute("name");
                var summary = m.Element("summary");
                if (name is null || summary is null) continue;
                // <see cref="T:X.Y"/> and <c>..</c> become their text (the cref's last segment).
                var text = string.Concat(summary.Nodes().Select(n => n switch
                {
                    System.Xml.Linq.XText t => t.Value,
                    System.Xml.Linq.XElement { Name.LocalName: "see" or "seealso" } e =>
                        ((string?)e.Attribute("cref"))?.Split('.', ':').Last() ?? (string?)e.Attribute("langword") ?? e.Value,
                    System.Xml.Linq.XElement e => e.Value,
                    _ => "",
                }));
                result[name] = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            }
        }
        catch (IOException) { }
        catch (System.Xml.XmlException) { }
        return result;
    }
}
