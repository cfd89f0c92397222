namespace Workbench.Agents;

/// <summary>
/// Interim struct-of-arrays ring buffer of (s, a, r, s', done) for <see cref="AudioDqnAgent"/>, until the
/// shared replay buffer lands; the oldest transition is overwritten when full (the seed's
/// <c>deque(maxlen=1e5)</c>).
/// </summary>
internal sealed class AudioTransitionBuffer
{
    private readonly float[] _s, _s2, _r;
    private readonly int[] _a;
    private readonly bool[] _done;
    private readonly int _d;
    private int _next;

    public AudioTransitionBuffer(int capacity, int stateSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _d = stateSize;
        _s = new float[capacity * stateSize];
        _s2 = new float[capacity * stateSize];
        _r = new float[capacity];
        _a = new int[capacity];
        _done = new bool[capacity];
    }

    public int Count { get; private set; }

    public void Add(ReadOnlySpan<float> s, int a, float r, ReadOnlySpan<float> s2, bool done)
    {
        s.CopyTo(_s.AsSpan(_next * _d, _d));
        s2.CopyTo(_s2.AsSpan(_next * _d, _d));
        _a[_next] = a;
        _r[_next] = r;
        _done[_next] = done;
        _next = (_next + 1) % _a.Length;
        if (Count < _a.Length) Count++;
    }

    public void Gather(ReadOnlySpan<int> index, Span<float> s, Span<int> a, Span<float> r, Span<float> s2, Span<bool> done)
    {
        for (var k = 0; k < index.Length; k++)
        {
            var i = index[k];
            _s.AsSpan(i * _d, _d).CopyTo(s.Slice(k * _d, _d));
            _s2.AsSpan(i * _d, _d).CopyTo(s2.Slice(k * _d, _d));
            a[k] = _a[i];
            r[k] = _r[i];
            done[k] = _done[i];
        }
    }
}
