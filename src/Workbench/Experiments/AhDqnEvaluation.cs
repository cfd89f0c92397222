using Workbench.Agents;
using Workbench.Simulation;

namespace Workbench.Experiments;

/// <summary>
/// How well a greedy agent serves held-out virtual users (never seen in training).
/// </summary>
/// <param name="GreedyReward">Mean reward of the agent's greedy song over the training songs.</param>
/// <param name="BestReward">Mean reward of each user's best training song (the oracle).</param>
/// <param name="RandomReward">Mean reward of a uniformly random training song (the exact expectation).</param>
/// <param name="ColdStartHitRate">Fraction of users whose best held-out song is in the agent's top K held-out songs (NaN without a hold-out).</param>
/// <param name="ColdStartRandomHitRate">The same for a random ranking: <c>min(K, m) / m</c> for <c>m</c> held-out songs.</param>
/// <param name="ColdStartRewardRatio">Mean reward of the agent's top held-out song / mean reward of the best held-out song.</param>
/// <param name="ColdStartRandomRewardRatio">The same for a random held-out song.</param>
public sealed record SongEvaluation(double GreedyReward, double BestReward, double RandomReward,
    double ColdStartHitRate, double ColdStartRandomHitRate, double ColdStartRewardRatio, double ColdStartRandomRewardRatio)
{
    /// <summary><c>eval_reward_ratio</c> = mean greedy reward / mean best reward.</summary>
    public double RewardRatio => GreedyReward / BestReward;

    /// <summary>Random's ratio: mean random reward / mean best reward.</summary>
    public double RandomRatio => RandomReward / BestReward;
}

/// <summary>Evaluates a <see cref="DqnAgent"/> on held-out virtual users, including the cold-start songs.</summary>
public static class AhDqnEvaluator
{
    /// <summary>
    /// For each user: the agent's greedy song among <paramref name="train"/> and its reward, the best and the mean
    /// reward over <paramref name="train"/>; when <paramref name="heldOut"/> is given, the agent ranks those songs
    /// (the action head scores them from their tags; a plain DQN has only never-trained outputs for them).
    /// </summary>
    public static SongEvaluation Evaluate(DqnAgent agent, ReadOnlySpan<float> songTags, int tagCount, SongCandidates train,
        SongCandidates? heldOut, IReadOnlyList<TagPreferenceUser> users, int hitRateK)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(users);
        if (users.Count == 0) throw new ArgumentException("no evaluation users", nameof(users));
        var songCount = songTags.Length / tagCount;
        var rewards = new float[songCount];
        var q = new float[Math.Max(train.Count, heldOut?.Count ?? 0)];
        double greedy = 0, best = 0, random = 0, hits = 0, coldAgent = 0, coldBest = 0, coldRandom = 0;
        foreach (var user in users)
        {
            user.Rewards(songTags, rewards);
            var pick = agent.Greedy(user.Preferences, train);
            greedy += rewards[pick];
            var (b, mean) = BestAndMean(rewards, train.Songs);
            best += b;
            random += mean;
            if (heldOut is null) continue;
            var hq = q.AsSpan(0, heldOut.Count);
            agent.Online.Score(user.Preferences, heldOut, hq);
            var songs = heldOut.Songs;
            var bestPos = 0;
            var agentPos = 0;
            for (var i = 1; i < songs.Length; i++)
            {
                if (rewards[songs[i]] > rewards[songs[bestPos]]) bestPos = i;
                if (hq[i] > hq[agentPos]) agentPos = i;
            }
            // Rank of the user's best held-out song in the agent's ordering (ties counted against the agent).
            var above = 0;
            for (var i = 0; i < songs.Length; i++) if (i != bestPos && hq[i] >= hq[bestPos]) above++;
            if (above < hitRateK) hits++;
            coldAgent += rewards[songs[agentPos]];
            var (hb, hmean) = BestAndMean(rewards, songs);
            coldBest += hb;
            coldRandom += hmean;
        }
        var n = users.Count;
        var m = heldOut?.Count ?? 0;
        return new SongEvaluation(greedy / n, best / n, random / n,
            m == 0 ? double.NaN : hits / n,
            m == 0 ? double.NaN : Math.Min(hitRateK, m) / (double)m,
            m == 0 ? double.NaN : coldAgent / coldBest,
            m == 0 ? double.NaN : coldRandom / coldBest);
    }

    private static (float Best, double Mean) BestAndMean(ReadOnlySpan<float> rewards, ReadOnlySpan<int> songs)
    {
        var best = float.NegativeInfinity;
        double sum = 0;
        foreach (var s in songs)
        {
            var r = rewards[s];
            if (r > best) best = r;
            sum += r;
        }
        return (best, sum / songs.Length);
    }
}
