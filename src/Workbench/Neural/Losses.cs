namespace Workbench.Neural;

/// <summary>The regression losses of the seeds.</summary>
public enum LossKind
{
    /// <summary>Mean squared error (<c>nn.MSELoss</c>).</summary>
    Mse,

    /// <summary>Smooth L1 / Huber with β = 1 (<c>nn.SmoothL1Loss</c>, equal to <c>nn.HuberLoss(delta=1)</c>).</summary>
    Huber,
}

/// <summary>
/// Losses with PyTorch's definitions and mean reduction. Each returns the loss value (summed in double)
/// and writes dLoss/dprediction into <c>grad</c>.
/// </summary>
public static class Losses
{
    /// <summary>L = (1/n) Σ (pᵢ - tᵢ)², dL/dpᵢ = 2 (pᵢ - tᵢ) / n.</summary>
    public static float Mse(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> grad)
    {
        Check(prediction, target, grad);
        var n = prediction.Length;
        double sum = 0;
        var scale = 2f / n;
        for (var i = 0; i < n; i++)
        {
            var d = prediction[i] - target[i];
            sum += (double)d * d;
            if (!grad.IsEmpty) grad[i] = scale * d;
        }
        return (float)(sum / n);
    }

    /// <summary>
    /// Smooth L1 (Girshick 2015, PyTorch's <c>SmoothL1Loss(beta)</c>): per element with d = p - t,
    /// ℓ = 0.5 d² / β if |d| &lt; β else |d| - 0.5 β; L = mean ℓ; dL/dp = (d / β if |d| &lt; β else sign d) / n.
    /// </summary>
    public static float Huber(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> grad, float beta = 1f)
    {
        Check(prediction, target, grad);
        if (!(beta > 0)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "must be positive");
        var n = prediction.Length;
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            var d = prediction[i] - target[i];
            var ad = Math.Abs(d);
            float g;
            if (ad < beta)
            {
                sum += 0.5 * d * d / beta;
                g = d / beta;
            }
            else
            {
                sum += ad - 0.5 * beta;
                g = MathF.Sign(d);
            }
            if (!grad.IsEmpty) grad[i] = g / n;
        }
        return (float)(sum / n);
    }

    /// <summary>Dispatches on <paramref name="kind"/>.</summary>
    public static float Compute(LossKind kind, ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> grad) => kind switch
    {
        LossKind.Mse => Mse(prediction, target, grad),
        LossKind.Huber => Huber(prediction, target, grad),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "allowed: Mse, Huber"),
    };

    /// <summary>
    /// The loss of one element and its derivative, for losses averaged over <paramref name="count"/> elements
    /// of which only this one has a nonzero difference (the seed-001 update: dL/dq is zero on every other output).
    /// </summary>
    public static float Single(LossKind kind, float prediction, float target, int count, out float grad)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Span<float> g = stackalloc float[1];
        var loss = Compute(kind, [prediction], [target], g);
        grad = g[0] / count;
        return loss / count;
    }

    private static void Check(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> grad)
    {
        if (prediction.Length == 0) throw new ArgumentException("empty prediction");
        if (target.Length != prediction.Length) throw new ArgumentException($"target has {target.Length} values, prediction {prediction.Length}");
        if (!grad.IsEmpty && grad.Length != prediction.Length) throw new ArgumentException($"grad has {grad.Length} values, prediction {prediction.Length}");
    }
}
