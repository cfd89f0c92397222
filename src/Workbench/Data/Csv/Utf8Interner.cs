using System.Runtime.CompilerServices;
using System.Text;

namespace Workbench.Data.Csv;

/// <summary>
/// Maps UTF-8 byte strings to dense indices 0, 1, 2... in order of first appearance, without allocating a
/// string per lookup: keys are copied once into one byte arena and found again by an open-addressing table
/// (linear probing, load factor at most 1/2). <see cref="ToStrings"/> decodes each distinct key once at the end.
/// </summary>
internal sealed class Utf8Interner
{
    private byte[] _arena = new byte[1 << 16];
    private int _arenaLength;
    private int[] _start = new int[1024];
    private int[] _length = new int[1024];
    private int[] _hash = new int[1024];
    private int[] _table = NewTable(2048);

    /// <summary>Number of distinct keys.</summary>
    public int Count { get; private set; }

    /// <summary>The index of <paramref name="key"/>, adding it when new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Intern(ReadOnlySpan<byte> key)
    {
        var h = Hash(key);
        var mask = _table.Length - 1;
        var slot = h & mask;
        while (true)
        {
            var id = _table[slot];
            if (id < 0) break;
            if (_hash[id] == h && key.SequenceEqual(new ReadOnlySpan<byte>(_arena, _start[id], _length[id]))) return id;
            slot = (slot + 1) & mask;
        }
        return Add(key, h, slot);
    }

    /// <summary>The distinct keys decoded as strings, by index.</summary>
    public string[] ToStrings()
    {
        var result = new string[Count];
        for (var i = 0; i < Count; i++) result[i] = Encoding.UTF8.GetString(_arena, _start[i], _length[i]);
        return result;
    }

    private int Add(ReadOnlySpan<byte> key, int h, int slot)
    {
        var id = Count;
        if (id == _start.Length)
        {
            Array.Resize(ref _start, id * 2);
            Array.Resize(ref _length, id * 2);
            Array.Resize(ref _hash, id * 2);
        }
        while (_arenaLength + key.Length > _arena.Length) Array.Resize(ref _arena, _arena.Length * 2);
        key.CopyTo(_arena.AsSpan(_arenaLength));
        _start[id] = _arenaLength;
        _length[id] = key.Length;
        _hash[id] = h;
        _arenaLength += key.Length;
        _table[slot] = id;
        Count++;
        if (Count * 2 > _table.Length) Rehash();
        return id;
    }

    private void Rehash()
    {
        var table = NewTable(_table.Length * 2);
        var mask = table.Length - 1;
        for (var id = 0; id < Count; id++)
        {
            var slot = _hash[id] & mask;
            while (table[slot] >= 0) slot = (slot + 1) & mask;
            table[slot] = id;
        }
        _table = table;
    }

    private static int[] NewTable(int size)
    {
        var t = new int[size];
        Array.Fill(t, -1);
        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<byte> key)
    {
        var hc = new HashCode();
        hc.AddBytes(key);
        return hc.ToHashCode() & int.MaxValue;
    }
}
