using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Workbench.Neural;

/// <summary>
/// Target-network updates (Mnih et al. 2015; Lillicrap et al. 2016): the one helper through which a target
/// network changes. θ' ← (1 - τ) θ' + τ θ; τ = 1 is the hard copy θ' ← θ (done as an exact copy).
/// </summary>
public static class TargetUpdate
{
    /// <summary>Moves <paramref name="target"/> towards <paramref name="source"/> (same names and shapes) by <paramref name="tau"/> ∈ (0, 1].</summary>
    public static void Apply(ParameterSet target, ParameterSet source, double tau)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        if (!(tau > 0 && tau <= 1)) throw new ArgumentOutOfRangeException(nameof(tau), tau, "must be in (0, 1]");
        target.RequireSameShape(source);
        for (var i = 0; i < target.Count; i++)
        {
            source[i].EnsureCurrent();
            target[i].EnsureCurrent();
            Blend(target[i].Value, source[i].Value, tau);
        }
    }

    /// <summary>The hard copy θ' ← θ (τ = 1).</summary>
    public static void Copy(ParameterSet target, ParameterSet source) => Apply(target, source, 1.0);

    /// <summary>
    /// t ← fl(fl(t · (1-τ)) + fl(τ · s)) element-wise with float32 constants, the arithmetic of PyTorch's
    /// <c>t.mul_(1 - tau).add_(tau * s)</c>; an exact copy when τ = 1.
    /// </summary>
    public static void Blend(Span<float> target, ReadOnlySpan<float> source, double tau)
    {
        if (target.Length != source.Length) throw new ArgumentException($"target has {target.Length} values, source {source.Length}");
        if (tau == 1.0)
        {
            source.CopyTo(target);
            return;
        }
        var keep = (float)(1 - tau);
        var take = (float)tau;
        ref var rt = ref MemoryMarshal.GetReference(target);
        ref var rs = ref MemoryMarshal.GetReference(source);
        var i = 0;
        var n = target.Length;
        var vk = Vector256.Create(keep);
        var vt = Vector256.Create(take);
        for (; i <= n - 8; i += 8)
        {
            var t = Vector256.LoadUnsafe(ref rt, (nuint)i) * vk + vt * Vector256.LoadUnsafe(ref rs, (nuint)i);
            t.StoreUnsafe(ref rt, (nuint)i);
        }
        for (; i < n; i++) target[i] = target[i] * keep + take * source[i];
    }
}

/// <summary>Gradient-norm clipping (PyTorch's <c>clip_grad_norm_</c>).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Computes the global norm ‖g‖₂ over all gradients (summed in double) and, when
    /// c = maxNorm / (‖g‖ + 1e-6) &lt; 1, scales every gradient by c. Returns ‖g‖ before clipping.
    /// </summary>
    public static float ClipByNorm(ParameterSet parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "must be positive");
        double sum = 0;
        foreach (var p in parameters)
        {
            if (!p.RowSparseGradient) sum += SumSquares(p.Grad);
            else foreach (var r in p.TouchedRows) sum += SumSquares(p.GradRow(r));
        }
        var norm = Math.Sqrt(sum);
        var coef = maxNorm / (norm + 1e-6);
        if (coef < 1)
        {
            var c = (float)coef;
            foreach (var p in parameters)
            {
                if (!p.RowSparseGradient) TensorPrimitives.Multiply(p.Grad, c, p.Grad);
                else foreach (var r in p.TouchedRows) TensorPrimitives.Multiply(p.GradRow(r), c, p.GradRow(r));
            }
        }
        return (float)norm;
    }

    private static double SumSquares(ReadOnlySpan<float> g)
    {
        double s = 0;
        foreach (var x in g) s += (double)x * x;
        return s;
    }
}
