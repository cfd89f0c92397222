using Workbench.Training;

namespace Workbench.Agents;

/// <summary>
/// The plain DQN that seed 001's README compares against but never built: <c>Q(s, .) = W3 relu(W2 relu(W1 s + b1)
/// + b2) + b3</c>, 21 -> 64 -> 64 -> songs (1,000 outputs, one per song). A training row needs only the output of
/// its song: the forward pass computes the hidden layers once and one dot product, the backward pass touches one
/// row of <c>W3</c>. Parameter layout: <c>W1</c> (<c>S x H1</c>, input-major), <c>b1</c>, <c>W2</c>
/// (<c>H1 x H2</c>), <c>b2</c>, <c>W3</c> (<c>songs x H2</c>, output-major like PyTorch's <c>fc3.weight</c>), <c>b3</c>.
/// </summary>
public sealed class SongDqnNetwork : SongQNetworkBase
{
    private readonly int _h1, _h2;
    private readonly int _oW1, _oB1, _oW2, _oB2, _oW3, _oB3;
    private readonly float[] _h1Buf, _h2Buf;
    private readonly List<int> _touched = [];
    private readonly bool[] _isTouched;

    /// <summary>A network with <paramref name="songCount"/> outputs for states of <paramref name="stateSize"/> values, PyTorch-initialised from <paramref name="init"/>.</summary>
    public SongDqnNetwork(int stateSize, int songCount, SongNetworkOptions options, Rng init)
        : base(SongNetworkKind.Plain, stateSize, songCount, ParameterCountFor(stateSize, songCount, options), options)
    {
        ArgumentNullException.ThrowIfNull(init);
        if (stateSize <= 0) throw new ArgumentOutOfRangeException(nameof(stateSize));
        if (songCount <= 0) throw new ArgumentOutOfRangeException(nameof(songCount));
        _h1 = options.Hidden1;
        _h2 = options.Hidden2;
        _oW1 = 0;
        _oB1 = stateSize * _h1;
        _oW2 = _oB1 + _h1;
        _oB2 = _oW2 + _h1 * _h2;
        _oW3 = _oB2 + _h2;
        _oB3 = _oW3 + songCount * _h2;
        InitUniform(_oW1, stateSize * _h1, stateSize, init);
        InitUniform(_oB1, _h1, stateSize, init);
        InitUniform(_oW2, _h1 * _h2, _h1, init);
        InitUniform(_oB2, _h2, _h1, init);
        InitUniform(_oW3, songCount * _h2, _h2, init);
        InitUniform(_oB3, songCount, _h2, init);
        _h1Buf = new float[_h1];
        _h2Buf = new float[_h2];
        _isTouched = new bool[songCount];
    }

    /// <summary>Parameters of an <c>S -> H1 -> H2 -> songs</c> network: 70,568 for the seed's 21, 64, 64, 1,000.</summary>
    public static int ParameterCountFor(int stateSize, int songCount, SongNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return stateSize * options.Hidden1 + options.Hidden1 + options.Hidden1 * options.Hidden2 + options.Hidden2 + songCount * options.Hidden2 + songCount;
    }

    private void Hidden(ReadOnlySpan<float> state, Span<float> h1, Span<float> h2)
    {
        Theta.AsSpan(_oB1, _h1).CopyTo(h1);
        for (var i = 0; i < state.Length; i++)
        {
            var s = state[i];
            if (s != 0) SongQKernels.Axpy(s, Theta.AsSpan(_oW1 + i * _h1, _h1), h1);
        }
        SongQKernels.Relu(h1);
        SongQKernels.MatMulBias(h1, 1, _h1, Theta.AsSpan(_oW2, _h1 * _h2), Theta.AsSpan(_oB2, _h2), h2, relu: true);
    }

    private float Output(ReadOnlySpan<float> h2, int song) => Theta[_oB3 + song] + SongQKernels.Dot(h2, Theta.AsSpan(_oW3 + song * _h2, _h2));

    /// <inheritdoc />
    public override void Score(ReadOnlySpan<float> state, SongCandidates candidates, Span<float> q)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        CheckState(state);
        if (q.Length != candidates.Count) throw new ArgumentException($"q has {q.Length} slots for {candidates.Count} candidates", nameof(q));
        Hidden(state, _h1Buf, _h2Buf);
        var songs = candidates.Songs;
        for (var i = 0; i < songs.Length; i++) q[i] = Output(_h2Buf, CheckSong(songs[i]));
    }

    /// <inheritdoc />
    public override float MaxScore(ReadOnlySpan<float> state, SongCandidates candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        CheckState(state);
        Hidden(state, _h1Buf, _h2Buf);
        var max = float.NegativeInfinity;
        foreach (var s in candidates.Songs)
        {
            var q = Output(_h2Buf, CheckSong(s));
            if (q > max) max = q;
        }
        return max;
    }

    private int CheckSong(int song) =>
        (uint)song < (uint)SongCount ? song : throw new ArgumentOutOfRangeException(nameof(song), song, $"network has {SongCount} outputs");

    /// <inheritdoc />
    public override float Forward(int slot, ReadOnlySpan<float> state, int song)
    {
        CheckRow(slot, state, song);
        state.CopyTo(SlotState.AsSpan(slot * StateSize, StateSize));
        SlotSong[slot] = song;
        var h2 = SlotH2.AsSpan(slot * _h2, _h2);
        Hidden(state, SlotH1.AsSpan(slot * _h1, _h1), h2);
        return Output(h2, song);
    }

    /// <summary>Zeroes the dense layers' gradient and only the output rows a backward pass touched (the rest are already zero).</summary>
    public override void ZeroGradients()
    {
        Array.Clear(Grad, 0, _oW3);
        foreach (var s in _touched)
        {
            Array.Clear(Grad, _oW3 + s * _h2, _h2);
            Grad[_oB3 + s] = 0;
            _isTouched[s] = false;
        }
        _touched.Clear();
    }

    /// <inheritdoc />
    public override void Backward(int slot, float dLossDq)
    {
        var row = Slot(slot);
        var h1 = row.H1;
        var h2 = row.H2;
        var song = row.Song;
        if (!_isTouched[song])
        {
            _isTouched[song] = true;
            _touched.Add(song);
        }
        var g = Grad.AsSpan();
        var w3 = Theta.AsSpan(_oW3 + song * _h2, _h2);
        // Only output `song` carries gradient: one row of W3 and one bias.
        g[_oB3 + song] += dLossDq;
        SongQKernels.Axpy(dLossDq, h2, g.Slice(_oW3 + song * _h2, _h2));
        BackwardHidden(dLossDq, w3, h1, h2, row.State, _oW1, _oB1, _oW2, _oB2, D1, D2);
    }
}
