using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Workbench.Notebooks;

/// <summary>A knob declared in the cell tagged <c>parameters</c>: <c>bool quick = false;</c>.</summary>
/// <param name="Name">Variable name.</param>
/// <param name="Type">C# type keyword: bool, int, long, double, float or string.</param>
/// <param name="DefaultText">The initializer as written in the cell.</param>
public sealed record NotebookParameter(string Name, string Type, string DefaultText);

/// <summary>
/// Papermill's parameter convention for C# cells: the cell tagged <c>parameters</c> declares the knobs;
/// overrides (<c>--param name=value</c>) become an injected cell (tagged <c>injected-parameters</c>)
/// right after it, assigning each value typed by the declared variable's type.
/// </summary>
public static class NotebookParameters
{
    /// <summary>The tag of the parameters cell.</summary>
    public const string Tag = "parameters";

    /// <summary>The tag of the cell the runner injects.</summary>
    public const string InjectedTag = "injected-parameters";

    private static readonly string[] Supported = ["bool", "int", "long", "double", "float", "string"];

    /// <summary>The variables declared at top level of a parameters cell, in order.</summary>
    public static IReadOnlyList<NotebookParameter> Declared(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script));
        var root = (CompilationUnitSyntax)tree.GetRoot();
        var result = new List<NotebookParameter>();
        foreach (var member in root.Members)
        {
            VariableDeclarationSyntax? decl = member switch
            {
                FieldDeclarationSyntax f => f.Declaration,
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l } => l.Declaration,
                _ => null,
            };
            if (decl is null) continue;
            foreach (var v in decl.Variables)
            {
                var init = v.Initializer?.Value;
                var type = decl.Type.IsVar ? InferType(init) : Normalize(decl.Type.ToString());
                result.Add(new NotebookParameter(v.Identifier.Text, type, init?.ToString() ?? ""));
            }
        }
        return result;
    }

    private static string Normalize(string type) => type switch
    {
        "Boolean" or "System.Boolean" => "bool",
        "Int32" or "System.Int32" => "int",
        "Int64" or "System.Int64" => "long",
        "Double" or "System.Double" => "double",
        "Single" or "System.Single" => "float",
        "String" or "System.String" => "string",
        _ => type,
    };

    private static string InferType(ExpressionSyntax? init) => init switch
    {
        LiteralExpressionSyntax l when l.IsKind(SyntaxKind.TrueLiteralExpression) || l.IsKind(SyntaxKind.FalseLiteralExpression) => "bool",
        LiteralExpressionSyntax l when l.IsKind(SyntaxKind.StringLiteralExpression) => "string",
        LiteralExpressionSyntax l when l.IsKind(SyntaxKind.NumericLiteralExpression) => l.Token.Value switch
        {
            int => "int",
            long => "long",
            float => "float",
            _ => "double",
        },
        _ => "var",
    };

    /// <summary>
    /// The C# of the injected cell: one assignment per override, e.g. <c>quick = true;</c>,
    /// <c>episodes = 50;</c>, <c>dataPath = "/data";</c>.
    /// </summary>
    /// <exception cref="WorkbenchException">an unknown name (lists the declared ones), an unsupported type, or a value that does not parse.</exception>
    public static string InjectedSource(IReadOnlyList<NotebookParameter> declared, IReadOnlyDictionary<string, string> overrides, string notebook)
    {
        var sb = new StringBuilder("// Parameters injected by `workbench notebooks run --param`\n");
        foreach (var (name, value) in overrides.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var p = declared.FirstOrDefault(d => d.Name == name) ?? throw new WorkbenchException(
                $"{notebook}: unknown parameter '{name}'; the parameters cell declares: " +
                (declared.Count == 0 ? "(nothing)" : string.Join(", ", declared.Select(d => $"{d.Type} {d.Name} = {d.DefaultText}"))));
            sb.Append(name).Append(" = ").Append(Literal(p, value, notebook)).Append(";\n");
        }
        return sb.ToString().TrimEnd('\n');
    }

    private static string Literal(NotebookParameter p, string value, string notebook)
    {
        string Bad(string expected) => throw new WorkbenchException($"{notebook}: parameter '{p.Name}' is {p.Type}: '{value}' is not {expected}");
        var inv = CultureInfo.InvariantCulture;
        switch (p.Type)
        {
            case "bool":
                return value.Trim().ToLowerInvariant() switch { "true" => "true", "false" => "false", _ => Bad("true or false") };
            case "int":
                return int.TryParse(value, NumberStyles.Integer, inv, out var i) ? i.ToString(inv) : Bad("an int");
            case "long":
                return long.TryParse(value, NumberStyles.Integer, inv, out var l) ? l.ToString(inv) + "L" : Bad("a long");
            case "double":
                return double.TryParse(value, NumberStyles.Float, inv, out var d) && double.IsFinite(d) ? d.ToString("R", inv) + "d" : Bad("a finite number");
            case "float":
                return float.TryParse(value, NumberStyles.Float, inv, out var f) && float.IsFinite(f) ? f.ToString("R", inv) + "f" : Bad("a finite number");
            case "string":
                return SymbolDisplay.FormatLiteral(value, quote: true);
            default:
                throw new WorkbenchException($"{notebook}: parameter '{p.Name}' has type '{p.Type}'; --param supports {string.Join(", ", Supported)}");
        }
    }
}
