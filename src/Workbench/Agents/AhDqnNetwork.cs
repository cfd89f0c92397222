using Workbench.Neural;
using Workbench.Training;

namespace Workbench.Agents;

/// <summary>
/// Seed 001's action-head Q network: <c>Q(s, a) = w3 . relu(W2 relu(W1 [s; tags(a)] + b1) + b2) + b3</c>,
/// 42 -> 64 -> 64 -> 1 for 21 tags, one row per candidate song (the seed's <c>DQN</c> module). Scoring many songs
/// for one state computes the state's first-layer product <c>b1 + W1_s s</c> once and adds each song's few tag
/// columns (1 to 6 of 21), evaluates one row per distinct tag vector, and multiplies the rows by <c>W2</c> four at
/// a time. Parameter layout: <c>W1</c> as <c>(S + D) x H1</c> (input-major: row <c>i</c> holds the weights from
/// input <c>i</c>, i.e. PyTorch's <c>fc1.weight</c> transposed), <c>b1</c>, <c>W2</c> (<c>H1 x H2</c>), <c>b2</c>,
/// <c>w3</c> (<c>H2</c>), <c>b3</c>.
/// </summary>
public sealed class AhDqnNetwork : SongQNetworkBase
{
    private readonly int _d, _h1, _h2;
    private readonly int _oW1, _oB1, _oW2, _oB2, _oW3, _oB3;
    private readonly int[] _nzStart;
    private readonly int[] _nzIndex;
    private readonly float[] _nzValue;
    private readonly float[] _base;
    private readonly float[] _rows1;
    private readonly float[] _rows2;
    private readonly float[] _rowQ;

    /// <summary>
    /// Creates the network over the row-major <c>songs x tagCount</c> matrix <paramref name="songTags"/> for states of
    /// <paramref name="stateSize"/> values, initialised like PyTorch's <c>nn.Linear</c> from <paramref name="init"/>.
    /// </summary>
    public AhDqnNetwork(ReadOnlySpan<float> songTags, int tagCount, int stateSize, SongNetworkOptions options, Rng init)
        : base(SongNetworkKind.ActionHead, stateSize, CountSongs(songTags, tagCount), ParameterCountFor(stateSize, tagCount, options), options)
    {
        ArgumentNullException.ThrowIfNull(init);
        _d = tagCount;
        _h1 = options.Hidden1;
        _h2 = options.Hidden2;
        var inputs = stateSize + tagCount;
        _oW1 = 0;
        _oB1 = _oW1 + inputs * _h1;
        _oW2 = _oB1 + _h1;
        _oB2 = _oW2 + _h1 * _h2;
        _oW3 = _oB2 + _h2;
        _oB3 = _oW3 + _h2;
        InitUniform(_oW1, inputs * _h1, inputs, init);
        InitUniform(_oB1, _h1, inputs, init);
        InitUniform(_oW2, _h1 * _h2, _h1, init);
        InitUniform(_oB2, _h2, _h1, init);
        InitUniform(_oW3, _h2, _h2, init);
        InitUniform(_oB3, 1, _h2, init);

        // Sparse song features: the tag columns each song switches on.
        _nzStart = new int[SongCount + 1];
        var idx = new List<int>();
        var val = new List<float>();
        for (var s = 0; s < SongCount; s++)
        {
            for (var t = 0; t < tagCount; t++)
            {
                var f = songTags[s * tagCount + t];
                if (f != 0)
                {
                    idx.Add(t);
                    val.Add(f);
                }
            }
            _nzStart[s + 1] = idx.Count;
        }
        _nzIndex = idx.ToArray();
        _nzValue = val.ToArray();

        _base = new float[_h1];
        _rows1 = new float[SongCount * _h1];
        _rows2 = new float[SongCount * _h2];
        _rowQ = new float[SongCount];
    }

    /// <summary>Parameters of a <c>(S + D) -> H1 -> H2 -> 1</c> network: 6,977 for the seed's 21 + 21, 64, 64.</summary>
    public static int ParameterCountFor(int stateSize, int tagCount, SongNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (stateSize + tagCount) * options.Hidden1 + options.Hidden1 + options.Hidden1 * options.Hidden2 + options.Hidden2 + options.Hidden2 + 1;
    }

    private static int CountSongs(ReadOnlySpan<float> songTags, int tagCount)
    {
        if (tagCount <= 0) throw new ArgumentOutOfRangeException(nameof(tagCount), tagCount, "must be positive");
        if (songTags.Length == 0 || songTags.Length % tagCount != 0)
            throw new ArgumentException($"tag matrix length {songTags.Length} is not a positive multiple of {tagCount}", nameof(songTags));
        return songTags.Length / tagCount;
    }

    /// <summary><c>base = b1 + sum_i s_i W1[i, :]</c>: the state's share of the first layer, the same for every song.</summary>
    private void StateProduct(ReadOnlySpan<float> state, Span<float> dest)
    {
        Theta.AsSpan(_oB1, _h1).CopyTo(dest);
        for (var i = 0; i < state.Length; i++)
        {
            var s = state[i];
            if (s != 0) SongQKernels.Axpy(s, Theta.AsSpan(_oW1 + i * _h1, _h1), dest);
        }
    }

    /// <summary><c>h1 = relu(base + sum_t f_t W1[S + t, :])</c> over the song's nonzero tags.</summary>
    private void FirstLayer(ReadOnlySpan<float> stateProduct, int song, Span<float> h1)
    {
        stateProduct.CopyTo(h1);
        for (var k = _nzStart[song]; k < _nzStart[song + 1]; k++)
            SongQKernels.Axpy(_nzValue[k], Theta.AsSpan(_oW1 + (StateSize + _nzIndex[k]) * _h1, _h1), h1);
        SongQKernels.Relu(h1);
    }

    /// <summary>Q of the distinct songs of <paramref name="candidates"/> into <see cref="_rowQ"/>.</summary>
    private void ScoreDistinct(ReadOnlySpan<float> state, SongCandidates candidates)
    {
        CheckState(state);
        StateProduct(state, _base);
        var distinct = candidates.DistinctSongs;
        var u = distinct.Length;
        if (u > SongCount) throw new ArgumentException("candidate set is larger than the catalog", nameof(candidates));
        for (var r = 0; r < u; r++) FirstLayer(_base, distinct[r], _rows1.AsSpan(r * _h1, _h1));
        // Layer 2 for all rows at once: the packed SGEMM of the neural engine, then bias and ReLU per row.
        Sgemm.NN(u, _h2, _h1, _rows1.AsSpan(0, u * _h1), Theta.AsSpan(_oW2, _h1 * _h2), _rows2.AsSpan(0, u * _h2));
        var b2 = Theta.AsSpan(_oB2, _h2);
        var w3 = Theta.AsSpan(_oW3, _h2);
        var b3 = Theta[_oB3];
        for (var r = 0; r < u; r++)
        {
            var row = _rows2.AsSpan(r * _h2, _h2);
            SongQKernels.Axpy(1f, b2, row);
            SongQKernels.Relu(row);
            _rowQ[r] = b3 + SongQKernels.Dot(row, w3);
        }
    }

    /// <inheritdoc />
    public override void Score(ReadOnlySpan<float> state, SongCandidates candidates, Span<float> q)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (q.Length != candidates.Count) throw new ArgumentException($"q has {q.Length} slots for {candidates.Count} candidates", nameof(q));
        ScoreDistinct(state, candidates);
        var map = candidates.DistinctIndex;
        for (var i = 0; i < q.Length; i++) q[i] = _rowQ[map[i]];
    }

    /// <inheritdoc />
    public override float MaxScore(ReadOnlySpan<float> state, SongCandidates candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ScoreDistinct(state, candidates);
        var max = float.NegativeInfinity;
        for (var r = 0; r < candidates.DistinctSongs.Length; r++) if (_rowQ[r] > max) max = _rowQ[r];
        return max;
    }

    /// <inheritdoc />
    public override float Forward(int slot, ReadOnlySpan<float> state, int song)
    {
        CheckRow(slot, state, song);
        state.CopyTo(SlotState.AsSpan(slot * StateSize, StateSize));
        SlotSong[slot] = song;
        var h1 = SlotH1.AsSpan(slot * _h1, _h1);
        var h2 = SlotH2.AsSpan(slot * _h2, _h2);
        StateProduct(state, _base);
        FirstLayer(_base, song, h1);
        SongQKernels.MatMulBias(h1, 1, _h1, Theta.AsSpan(_oW2, _h1 * _h2), Theta.AsSpan(_oB2, _h2), h2, relu: true);
        return Theta[_oB3] + SongQKernels.Dot(h2, Theta.AsSpan(_oW3, _h2));
    }

    /// <inheritdoc />
    public override void Backward(int slot, float dLossDq)
    {
        var row = Slot(slot);
        var h1 = row.H1;
        var h2 = row.H2;
        var song = row.Song;
        var g = Grad.AsSpan();
        var w3 = Theta.AsSpan(_oW3, _h2);

        // Output layer: dQ/db3 = 1, dQ/dw3 = h2.
        g[_oB3] += dLossDq;
        SongQKernels.Axpy(dLossDq, h2, g.Slice(_oW3, _h2));
        // Hidden layers and the state's rows of W1, then the song's nonzero tag rows: dW1[S + t, :] = f_t d1.
        BackwardHidden(dLossDq, w3, h1, h2, row.State, _oW1, _oB1, _oW2, _oB2, D1, D2);
        for (var k = _nzStart[song]; k < _nzStart[song + 1]; k++)
            SongQKernels.Axpy(_nzValue[k], D1, g.Slice(_oW1 + (StateSize + _nzIndex[k]) * _h1, _h1));
    }
}
