using System.Text;

namespace Workbench.Notebooks;

/// <summary>
/// Captures Console.Out / Console.Error per cell. One routing writer is installed for the process; it
/// sends text to the outputs of the cell whose execution flow (AsyncLocal, so tasks a cell starts are
/// included) is current, and everything else to the original console. Runs of different notebooks in
/// parallel (tests) therefore never see each other's output.
/// </summary>
internal static class ConsoleCapture
{
    private static readonly AsyncLocal<CellOutputs?> Target = new();
    private static readonly Lock Gate = new();
    private static TextWriter? _installedOut, _installedError;

    /// <summary>Routes this execution flow's console output to <paramref name="outputs"/> until disposed.</summary>
    public static IDisposable Begin(CellOutputs outputs)
    {
        Install();
        var previous = Target.Value;
        Target.Value = outputs;
        return new Restore(previous);
    }

    private static void Install()
    {
        lock (Gate)
        {
            // (Re)install when someone else replaced the console writers since.
            if (!ReferenceEquals(Console.Out, _installedOut))
            {
                Console.SetOut(new RoutingWriter("stdout", Console.Out));
                _installedOut = Console.Out;
            }
            if (!ReferenceEquals(Console.Error, _installedError))
            {
                Console.SetError(new RoutingWriter("stderr", Console.Error));
                _installedError = Console.Error;
            }
        }
    }

    private sealed class Restore(CellOutputs? previous) : IDisposable
    {
        public void Dispose() => Target.Value = previous;
    }

    private sealed class RoutingWriter(string stream, TextWriter original) : TextWriter
    {
        public override Encoding Encoding => original.Encoding;

        public override IFormatProvider FormatProvider => System.Globalization.CultureInfo.InvariantCulture;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(string? value)
        {
            if (value is null) return;
            if (Target.Value is { } t) t.WriteStream(stream, value);
            else original.Write(value);
        }

        public override void WriteLine(string? value) => Write((value ?? "") + "\n");

        public override void WriteLine() => Write("\n");

        public override void Flush()
        {
            if (Target.Value is null) original.Flush();
        }
    }
}
