using Workbench.Training;

namespace Workbench.Agents;

/// <summary>Where exploration noise goes and what kind it is.</summary>
public enum DdpgNoiseKind
{
    /// <summary>
    /// The seed's <c>Noise</c>: on the <b>state</b> fed to the actor, <c>x ← x + θ(μ - x) + σ U(0, 1)</c> per
    /// dimension with μ = 0, θ = 0.5, σ = 0.2, reset each episode. The uniform draw is not centred, so the
    /// "noise" settles at a constant +0.2 bias rather than exploring.
    /// </summary>
    SeedStateUniform,

    /// <summary>Gaussian noise on the action: <c>w + σ N(0, 1)</c> on the actor's weight vectors.</summary>
    ActionGaussian,

    /// <summary>Ornstein-Uhlenbeck noise on the action (Lillicrap et al. 2015): <c>x ← x + θ(μ - x) + σ N(0, 1)</c>, reset each episode.</summary>
    ActionOrnsteinUhlenbeck,

    /// <summary>No exploration noise.</summary>
    None,
}

/// <summary>A per-episode noise process of a fixed width, drawn from its own generator.</summary>
public sealed class DdpgNoise
{
    private readonly float[] _x;
    private readonly Rng _rng;

    /// <summary>Creates the process; <paramref name="theta"/> and <paramref name="sigma"/> as in <see cref="DdpgNoiseKind"/>.</summary>
    public DdpgNoise(DdpgNoiseKind kind, int width, double sigma, double theta, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Kind = kind;
        Sigma = sigma;
        Theta = theta;
        _x = new float[width];
        _rng = rng;
    }

    /// <summary>The kind.</summary>
    public DdpgNoiseKind Kind { get; }

    /// <summary>σ.</summary>
    public double Sigma { get; }

    /// <summary>θ (mean reversion; unused by the Gaussian kind).</summary>
    public double Theta { get; }

    /// <summary>Whether the noise is added to the actor's input state (the seed) rather than to its output.</summary>
    public bool OnState => Kind == DdpgNoiseKind.SeedStateUniform;

    /// <summary>Restarts the process at μ = 0 (the seed builds a new <c>Noise</c> each episode).</summary>
    public void Reset() => Array.Clear(_x);

    /// <summary>Advances the process one step and adds it to <paramref name="target"/> in place.</summary>
    public void AddTo(Span<float> target)
    {
        if (target.Length != _x.Length) throw new ArgumentException($"target has {target.Length} floats, the noise {_x.Length}", nameof(target));
        switch (Kind)
        {
            case DdpgNoiseKind.None:
                return;
            case DdpgNoiseKind.SeedStateUniform:
                for (var i = 0; i < _x.Length; i++) _x[i] += (float)(Theta * (0 - _x[i]) + Sigma * _rng.NextDouble());
                break;
            case DdpgNoiseKind.ActionOrnsteinUhlenbeck:
                for (var i = 0; i < _x.Length; i++) _x[i] += (float)(Theta * (0 - _x[i]) + Sigma * _rng.NextGaussian());
                break;
            case DdpgNoiseKind.ActionGaussian:
                for (var i = 0; i < _x.Length; i++) _x[i] = (float)(Sigma * _rng.NextGaussian());
                break;
        }
        for (var i = 0; i < _x.Length; i++) target[i] += _x[i];
    }
}
