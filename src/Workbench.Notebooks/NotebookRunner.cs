using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Scripting.Hosting;

namespace Workbench.Notebooks;

/// <summary>Options of one headless notebook run.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Overrides of the parameters cell (<c>--param name=value</c>); empty runs the notebook as written.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Longest time one cell may run before the run fails (default 20 minutes).</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>Receives a report when each code cell starts and ends.</summary>
    public IProgress<CellProgress>? Progress { get; init; }
}

/// <summary>What a code cell is doing.</summary>
public enum CellStatus
{
    /// <summary>The cell started.</summary>
    Running,
    /// <summary>The cell finished without error.</summary>
    Succeeded,
    /// <summary>The cell threw, did not compile, timed out or cannot run headless.</summary>
    Failed,
}

/// <summary>Progress of a run: cell <see cref="CellNumber"/> (1-based among all cells of the file; 0 for the injected parameters cell) of <see cref="CellCount"/>.</summary>
/// <param name="Notebook">The notebook's file name.</param>
/// <param name="CellNumber">1-based position in the file (0 = the injected parameters cell).</param>
/// <param name="CellCount">Cells in the file (all kinds).</param>
/// <param name="Status">Started, succeeded or failed.</param>
/// <param name="Elapsed">Time the cell took (zero when it starts).</param>
/// <param name="Error">The error when failed.</param>
public readonly record struct CellProgress(string Notebook, int CellNumber, int CellCount, CellStatus Status, TimeSpan Elapsed, string? Error)
{
    /// <summary>The progress line: <c>[name] cell 3/12 ... ok 1.2s</c>.</summary>
    public override string ToString()
    {
        var cell = CellNumber == 0 ? "injected parameters" : $"cell {CellNumber}/{CellCount}";
        return Status switch
        {
            CellStatus.Running => $"[{Notebook}] {cell} ...",
            CellStatus.Succeeded => $"[{Notebook}] {cell} ... ok {Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}s",
            _ => $"[{Notebook}] {cell} ... FAILED {Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}s: {Error}",
        };
    }
}

/// <summary>Why a run stopped: the notebook, the cell (1-based as in the file) and the error.</summary>
/// <param name="Notebook">The notebook's path or name.</param>
/// <param name="CellNumber">1-based position in the file (0 = the injected parameters cell).</param>
/// <param name="ErrorName">Exception type name, "CompilationError", "Timeout" or "UnsupportedCell".</param>
/// <param name="Message">The error message.</param>
public sealed record NotebookCellFailure(string Notebook, int CellNumber, string ErrorName, string Message)
{
    /// <summary>One line naming the notebook, the cell and the error.</summary>
    public override string ToString() =>
        $"{Notebook}: {(CellNumber == 0 ? "the injected parameters cell" : $"cell {CellNumber}")} failed: {ErrorName}: {Message}";
}

/// <summary>The executed notebook (outputs and execution counts filled in) and how the run ended.</summary>
public sealed class NotebookRunResult
{
    internal NotebookRunResult(NotebookDocument document, NotebookCellFailure? failure, int cellsRun, TimeSpan elapsed)
    {
        Document = document;
        Failure = failure;
        CellsRun = cellsRun;
        Elapsed = elapsed;
    }

    /// <summary>The notebook with its outputs (also when the run failed: the failing cell holds an error output).</summary>
    public NotebookDocument Document { get; }

    /// <summary>Null when every cell ran.</summary>
    public NotebookCellFailure? Failure { get; }

    /// <summary>True when every code cell ran without error.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>Code cells executed (the injected parameters cell included).</summary>
    public int CellsRun { get; }

    /// <summary>Wall time of the run.</summary>
    public TimeSpan Elapsed { get; }
}

/// <summary>
/// Runs a Polyglot C# notebook headless on the Roslyn scripting engine (the engine the C# kernel is
/// built on): code cells in file order, each a submission continuing the previous one's state
/// (<see cref="ScriptState.ContinueWithAsync(string, ScriptOptions, Func{Exception, bool}, CancellationToken)"/>),
/// with <see cref="NotebookGlobals"/> (<c>display</c>, <c>HTML</c>), per-cell console capture, the
/// trailing expression shown as an execute_result, papermill-style parameters and a per-cell timeout.
/// </summary>
public sealed class NotebookRunner
{
    private static readonly string[] DefaultImports =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text", "System.Threading.Tasks"];

    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);

    private readonly NotebookRunOptions _options;

    /// <summary>Creates a runner with <paramref name="options"/> (defaults when null).</summary>
    public NotebookRunner(NotebookRunOptions? options = null) => _options = options ?? new NotebookRunOptions();

    /// <summary>Loads and runs the notebook at <paramref name="path"/>; <c>#r</c> paths resolve against its folder.</summary>
    /// <exception cref="WorkbenchException">the file is not a notebook, or a parameter override is invalid.</exception>
    public Task<NotebookRunResult> RunAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(path);
        return RunAsync(NotebookDocument.Load(full), Path.GetDirectoryName(full)!, path, cancellationToken);
    }

    /// <summary>Runs <paramref name="document"/> in place (its outputs are replaced).</summary>
    /// <param name="document">The notebook; its outputs and execution counts are rewritten.</param>
    /// <param name="notebookDirectory">Folder that relative <c>#r</c> paths resolve against.</param>
    /// <param name="name">How messages name the notebook.</param>
    /// <param name="cancellationToken">Stops between cells.</param>
    /// <exception cref="WorkbenchException">a parameter override is invalid (unknown name, bad value).</exception>
    public async Task<NotebookRunResult> RunAsync(NotebookDocument document, string notebookDirectory, string name, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var display = Path.GetFileName(name);
        var cells = document.Cells;
        RemoveInjectedCells(cells);
        int fileCellCount = cells.Count;
        foreach (var c in cells.OfType<JsonObject>().Where(IsCode))
        {
            c["outputs"] = new JsonArray();
            c["execution_count"] = null;
        }
        InjectParameters(cells, name);

        // The plan: (cell, 1-based file number or 0 for the injected cell).
        var plan = new List<(JsonObject Cell, int Number)>();
        int fileNumber = 0;
        foreach (var node in cells)
        {
            var cell = (JsonObject)node!;
            bool injected = NotebookDocument.TagsOf(cell).Contains(NotebookParameters.InjectedTag);
            if (!injected) fileNumber++;
            if (IsCode(cell)) plan.Add((cell, injected ? 0 : fileNumber));
        }

        var outputs = new CellOutputs();
        var globals = new NotebookGlobals(outputs);
        var loader = new InteractiveAssemblyLoader();
        var resolver = new DependencyResolver();
        var options = BaseOptions(notebookDirectory);
        ScriptState<object>? state = null;
        int executionCount = 0;
        using var _ = resolver.Hook();

        foreach (var (cell, number) in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var where = number == 0 ? $"{name}: the injected parameters cell" : $"{name}: cell {number}";
            _options.Progress?.Report(new CellProgress(display, number, fileCellCount, CellStatus.Running, TimeSpan.Zero, null));
            var cellClock = Stopwatch.StartNew();
            outputs.Reset();
            cell["execution_count"] = ++executionCount;
            NotebookCellFailure? failure = null;
            try
            {
                var kernel = NotebookDocument.KernelOf(cell);
                if (kernel is not ("csharp" or "c#" or "C#"))
                    throw new NotebookPreparationException($"{where} is a '{kernel}' cell: the headless runner runs C# cells only");
                var notes = new List<string>();
                var (code, references) = CellPreprocessor.Prepare(NotebookDocument.SourceOf(cell), notebookDirectory, where, p =>
                {
                    var (used, note) = HostAssemblies.Map(p);
                    if (note is not null) notes.Add(note);
                    return used;
                });
                foreach (var note in notes) outputs.WriteStream("stderr", note + "\n");
                foreach (var r in references) resolver.AddDirectory(Path.GetDirectoryName(r)!);
                state ??= await CSharpScript.Create("", options, typeof(NotebookGlobals), loader)
                    .RunAsync(globals, cancellationToken: cancellationToken).ConfigureAwait(false);
                var previous = state;
                Task<ScriptState<object>> task;
                using (ConsoleCapture.Begin(outputs))
                    task = Task.Run(() => previous.ContinueWithAsync(code, options, catchException: _ => true, cancellationToken), cancellationToken);
                var finished = await Task.WhenAny(task, Task.Delay(_options.CellTimeout, cancellationToken)).ConfigureAwait(false);
                if (finished != task)
                {
                    failure = new NotebookCellFailure(name, number, "Timeout",
                        $"the cell did not finish within {_options.CellTimeout.TotalSeconds:0} s (the per-cell timeout; raise it with --timeout SECONDS)");
                }
                else
                {
                    var next = await task.ConfigureAwait(false);
                    if (next.Exception is { } e)
                    {
                        e = Unwrap(e);
                        failure = new NotebookCellFailure(name, number, e.GetType().Name, e.Message);
                        outputs.Add(ErrorOutput(e.GetType().Name, e.Message, Traceback(e)));
                    }
                    else
                    {
                        state = next;
                        if (TrailingExpressionHasValue(next))
                        {
                            outputs.Add(new JsonObject
                            {
                                ["data"] = DisplayFormatter.Format(next.ReturnValue).ToJson(),
                                ["execution_count"] = executionCount,
                                ["metadata"] = new JsonObject(),
                                ["output_type"] = "execute_result",
                            });
                        }
                    }
                }
            }
            catch (CompilationErrorException e)
            {
                var diagnostics = e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();
                failure = new NotebookCellFailure(name, number, "CompilationError", string.Join("; ", diagnostics));
                outputs.Add(ErrorOutput("CompilationError", string.Join("\n", diagnostics), diagnostics));
            }
            catch (NotebookPreparationException e)
            {
                failure = new NotebookCellFailure(name, number, "UnsupportedCell", e.Message);
                outputs.Add(ErrorOutput("UnsupportedCell", e.Message, [e.Message]));
            }
            var items = outputs.Take();
            if (failure is { ErrorName: "Timeout" }) items.Add(ErrorOutput("Timeout", failure.Message, [failure.Message]));
            cell["outputs"] = items;
            _options.Progress?.Report(new CellProgress(display, number, fileCellCount,
                failure is null ? CellStatus.Succeeded : CellStatus.Failed, cellClock.Elapsed, failure is null ? null : $"{failure.ErrorName}: {failure.Message}"));
            if (failure is not null) return new NotebookRunResult(document, failure, executionCount, clock.Elapsed);
        }
        return new NotebookRunResult(document, null, executionCount, clock.Elapsed);
    }

    private static bool IsCode(JsonObject cell) => cell["cell_type"]?.GetValue<string>() == "code";

    private static void RemoveInjectedCells(JsonArray cells)
    {
        for (int i = cells.Count - 1; i >= 0; i--)
            if (cells[i] is JsonObject c && NotebookDocument.TagsOf(c).Contains(NotebookParameters.InjectedTag))
                cells.RemoveAt(i);
    }

    private void InjectParameters(JsonArray cells, string name)
    {
        if (_options.Parameters.Count == 0) return;
        int index = -1;
        for (int i = 0; i < cells.Count; i++)
            if (cells[i] is JsonObject c && IsCode(c) && NotebookDocument.TagsOf(c).Contains(NotebookParameters.Tag)) { index = i; break; }
        if (index < 0)
            throw new WorkbenchException($"{name}: --param given but no cell is tagged '{NotebookParameters.Tag}' (tag the cell that declares the knobs, e.g. bool quick = false;)");
        var declared = NotebookParameters.Declared(NotebookDocument.SourceOf((JsonObject)cells[index]!));
        var source = NotebookParameters.InjectedSource(declared, _options.Parameters, name);
        cells.Insert(index + 1, NotebookDocument.CodeCell(source, NotebookParameters.InjectedTag));
    }

    private static JsonObject ErrorOutput(string ename, string evalue, string[] traceback) => new()
    {
        ["ename"] = ename,
        ["evalue"] = evalue,
        ["output_type"] = "error",
        ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
    };

    /// <summary>The exception's text without the scripting engine's own frames.</summary>
    private static string[] Traceback(Exception e) =>
        e.ToString().Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => !l.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal)
                        && !l.Contains("--- End of stack trace from previous location", StringComparison.Ordinal)
                        && !l.Contains("System.Runtime.CompilerServices.TaskAwaiter", StringComparison.Ordinal)
                        && !l.Contains("System.Runtime.ExceptionServices.ExceptionDispatchInfo", StringComparison.Ordinal))
            .ToArray();

    private static Exception Unwrap(Exception e)
    {
        while (e is TargetInvocationException or AggregateException && e.InnerException is not null) e = e.InnerException;
        return e;
    }

    /// <summary>
    /// True when the submission ends with an expression without a semicolon whose type is not void, as
    /// the kernel shows it (a trailing <c>display(x)</c> shows nothing more).
    /// </summary>
    private static bool TrailingExpressionHasValue(ScriptState<object> state)
    {
        var compilation = state.Script.GetCompilation();
        var tree = compilation.SyntaxTrees.LastOrDefault();
        if (tree?.GetRoot() is not CompilationUnitSyntax root) return false;
        if (root.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax es } || !es.SemicolonToken.IsMissing)
            return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(es.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    private static ScriptOptions BaseOptions(string notebookDirectory) =>
        ScriptOptions.Default
            .WithReferences(FrameworkReferences.Value)
            .AddReferences(typeof(NotebookGlobals).Assembly)
            .WithImports(DefaultImports)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(notebookDirectory))
            .WithSourceResolver(new SourceFileResolver([], notebookDirectory))
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithEmitDebugInformation(false);

    /// <summary>The shared framework's assemblies (from the trusted platform list, only those in the runtime folder).</summary>
    private static ImmutableArray<MetadataReference> LoadFrameworkReferences()
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var tpa = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var refs = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var p in tpa.Where(p => string.Equals(Path.GetDirectoryName(p), runtimeDir, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileNameWithoutExtension(p);
            if (!(file.StartsWith("System", StringComparison.Ordinal) || file.StartsWith("Microsoft.", StringComparison.Ordinal) || file is "mscorlib" or "netstandard"))
                continue;
            if (file.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || file.StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal)) continue;
            try
            {
                using var s = File.OpenRead(p);
                using var pe = new System.Reflection.PortableExecutable.PEReader(s);
                if (!pe.HasMetadata) continue;
            }
            catch (BadImageFormatException) { continue; }
            refs.Add(MetadataReference.CreateFromFile(p));
        }
        return refs.ToImmutable();
    }

    /// <summary>
    /// Resolves assemblies the referenced libraries depend on (MathNet, CsvHelper, ...) from the folders of
    /// the <c>#r</c> files, for the whole process while a run is active.
    /// </summary>
    private sealed class DependencyResolver
    {
        private readonly List<string> _directories = [];

        public void AddDirectory(string directory)
        {
            lock (_directories)
                if (!_directories.Contains(directory)) _directories.Add(directory);
        }

        public IDisposable Hook()
        {
            AssemblyLoadContext.Default.Resolving += Resolve;
            return new Unhook(this);
        }

        private Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
        {
            string[] dirs;
            lock (_directories) dirs = [.. _directories];
            foreach (var d in dirs)
            {
                var p = Path.Combine(d, name.Name + ".dll");
                if (File.Exists(p)) return context.LoadFromAssemblyPath(p);
            }
            return null;
        }

        private sealed class Unhook(DependencyResolver owner) : IDisposable
        {
            public void Dispose() => AssemblyLoadContext.Default.Resolving -= owner.Resolve;
        }
    }
}
