using System.Text;
using Workbench.Data;
using Workbench.Data.Csv;

namespace Workbench.Tests.Data;

public class CsvReaderTests
{
    private static List<string[]> ReadAll(string text, out List<long> lines)
    {
        using var r = new Utf8CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), "t.csv");
        var rows = new List<string[]>();
        lines = [];
        while (r.Read())
        {
            rows.Add(r.GetStrings());
            lines.Add(r.Line);
        }
        return rows;
    }

    [Fact]
    public void QuotedFieldsCommasDoubledQuotesAndLineBreaks()
    {
        var rows = ReadAll("\uFEFFa,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n2,\"two\nlines\",\r\n3,,\"\"\n", out var lines);
        Assert.Equal(4, rows.Count);
        Assert.Equal(["a", "b", "c"], rows[0]);
        Assert.Equal(["1", "x, y", "say \"hi\""], rows[1]);
        Assert.Equal(["2", "two\nlines", ""], rows[2]);
        Assert.Equal(["3", "", ""], rows[3]);
        // Line 3 is blank; the record on line 4 spans two lines, so the next starts on line 6.
        Assert.Equal([1L, 2, 4, 6], lines);
    }

    [Fact]
    public void NoTrailingNewlineAndLongRecordsAcrossBufferRefills()
    {
        var longField = new string('x', 200_000); // longer than the 64 KiB starting buffer
        var sb = new StringBuilder("h1,h2\n");
        for (var i = 0; i < 5_000; i++) sb.Append(i).Append(",\"q").Append(i).Append("\"\n");
        sb.Append("last,").Append(longField);
        var rows = ReadAll(sb.ToString(), out var lines);
        Assert.Equal(5_002, rows.Count);
        Assert.Equal(["4999", "q4999"], rows[5_000]);
        Assert.Equal(longField, rows[^1][1]);
        Assert.Equal(5_002L, lines[^1]);
    }

    [Fact]
    public void CharacterAfterClosingQuoteIsAnError()
    {
        var e = Assert.Throws<DataFormatException>(() => ReadAll("a,b\n\"x\"y,1\n", out _));
        Assert.Equal(2, e.Line);
        Assert.Equal("t.csv", e.File);
    }
}

public class Utf8InternerTests
{
    [Fact]
    public void IndicesAreDenseInFirstAppearanceOrderAcrossRehashes()
    {
        var interner = new Utf8Interner();
        // 5,000 keys force several rehashes (the table starts at 2,048 slots, load factor 1/2).
        for (var round = 0; round < 2; round++)
            for (var i = 0; i < 5_000; i++)
                Assert.Equal(i, interner.Intern(Encoding.UTF8.GetBytes("t_" + i)));
        Assert.Equal(5_000, interner.Count);
        var strings = interner.ToStrings();
        Assert.Equal("t_0", strings[0]);
        Assert.Equal("t_4999", strings[^1]);
        Assert.Equal(5_000, interner.Intern("new"u8));
        Assert.Equal(5_001, interner.Intern(""u8));
        Assert.Equal(5_001, interner.Intern(""u8));
    }
}
