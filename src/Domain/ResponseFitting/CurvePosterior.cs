namespace MarkovFunctions.Domain.ResponseFitting;

/// <summary>
/// The posterior of a channel's curve on the (θ, ln h) grid of MODEL.md section 11: at every grid point (b, A) are
/// their non-negative least-squares values, the weight is <c>exp(-(SSE - min SSE) / (2 σ̂²))</c> times the
/// log-normal prior on κ around κ0, with <c>σ̂² = min SSE / (T - 4)</c>.
/// </summary>
public sealed class CurvePosterior
{
    private readonly double[] _weights; // [j * ScaleCells + i], normalised to sum 1
    private readonly double[] _scaleMarginal; // over i, sums to 1
    private readonly double _logScaleMin;
    private readonly double _logScaleStep;

    private CurvePosterior(PosteriorGrid grid, double[] weights, double logScaleMin, double logScaleStep, double minSse, double meanTheta)
    {
        Grid = grid;
        _weights = weights;
        _logScaleMin = logScaleMin;
        _logScaleStep = logScaleStep;
        MinSse = minSse;
        MeanTheta = meanTheta;
        _scaleMarginal = new double[grid.ScaleCells];
        for (var j = 0; j < grid.ThetaCells; j++)
        {
            for (var i = 0; i < grid.ScaleCells; i++)
            {
                _scaleMarginal[i] += weights[(j * grid.ScaleCells) + i];
            }
        }
    }

    public PosteriorGrid Grid { get; }

    public double MinSse { get; }

    /// <summary>The posterior mean of θ.</summary>
    public double MeanTheta { get; }

    /// <summary>The lower edge of the box of h.</summary>
    public double MinScale => Math.Exp(_logScaleMin);

    /// <summary>The upper edge of the box of h.</summary>
    public double MaxScale => Math.Exp(_logScaleMin + (_logScaleStep * Grid.ScaleCells));

    /// <param name="spend">Weekly spend x_t.</param>
    /// <param name="conversions">Weekly conversions y_t.</param>
    /// <param name="weeks">Fit on the first <paramref name="weeks"/> weeks only (the holdout leaves the last out).</param>
    /// <param name="priorScale">The h of the assumed κ: <c>κ0 · current weekly spend</c>.</param>
    public static CurvePosterior Compute(IReadOnlyList<double> spend, IReadOnlyList<double> conversions, int weeks, double priorScale, PosteriorGrid grid)
    {
        var x = spend.Take(weeks).ToArray();
        var y = conversions.Take(weeks).ToArray();
        var meanSpend = x.Where(v => v > 0).DefaultIfEmpty(0).Average();
        if (!(meanSpend > 0) || weeks <= 4 || !(priorScale > 0))
        {
            throw new ArgumentException("a posterior needs weeks with spend, more than 4 weeks and a positive prior scale");
        }

        var logMin = Math.Log(PosteriorGrid.MinScale * meanSpend);
        var step = (Math.Log(PosteriorGrid.MaxScale * meanSpend) - logMin) / grid.ScaleCells;
        var inverseScales = Enumerable.Range(0, grid.ScaleCells).Select(i => Math.Exp(-(logMin + ((i + 0.5) * step)))).ToArray();

        var meanY = CurveLeastSquares.Mean(y);
        var yc = y.Select(v => v - meanY).ToArray();
        var syy = yc.Sum(v => v * v);
        var sse = new double[grid.ThetaCells * grid.ScaleCells];
        var adstock = new double[weeks];
        for (var j = 0; j < grid.ThetaCells; j++)
        {
            CurveLeastSquares.Adstock(x, grid.ThetaAt(j), adstock);
            for (var i = 0; i < grid.ScaleCells; i++)
            {
                var inverse = inverseScales[i];
                double sf = 0, sff = 0, sfy = 0;
                for (var t = 0; t < weeks; t++)
                {
                    var f = -double.ExpM1(-adstock[t] * inverse);
                    sf += f;
                    sff += f * f;
                    sfy += f * yc[t];
                }

                sse[(j * grid.ScaleCells) + i] = CurveLeastSquares.Solve(weeks, meanY, syy, sf, sff, sfy).Sse;
            }
        }

        var minSse = sse.Min();

        // A perfect fit would make σ̂² zero; a floor relative to the data keeps the weights defined.
        var sigma2 = Math.Max(minSse / (weeks - 4), 1e-12 * (syy + (weeks * meanY * meanY) + 1e-300));
        var logPrior = Math.Log(priorScale);
        var log = new double[sse.Length];
        var top = double.NegativeInfinity;
        for (var j = 0; j < grid.ThetaCells; j++)
        {
            for (var i = 0; i < grid.ScaleCells; i++)
            {
                var k = (j * grid.ScaleCells) + i;
                var z = (logMin + ((i + 0.5) * step) - logPrior) / PosteriorGrid.PriorSd;
                log[k] = (-(sse[k] - minSse) / (2 * sigma2)) - (z * z / 2);
                top = Math.Max(top, log[k]);
            }
        }

        var weights = log.Select(l => Math.Exp(l - top)).ToArray();
        var total = weights.Sum();
        var meanTheta = 0d;
        for (var k = 0; k < weights.Length; k++)
        {
            weights[k] /= total;
            meanTheta += weights[k] * grid.ThetaAt(k / grid.ScaleCells);
        }

        return new CurvePosterior(grid, weights, logMin, step, minSse, meanTheta);
    }

    /// <summary>
    /// The p-quantile of h: the marginal of ln h spreads each cell's mass evenly over the cell, so its
    /// distribution function is piecewise linear and the quantile moves smoothly with the data.
    /// </summary>
    public double ScaleQuantile(double p)
    {
        var cumulative = 0d;
        for (var i = 0; i < _scaleMarginal.Length; i++)
        {
            var mass = _scaleMarginal[i];
            if (cumulative + mass >= p && mass > 0)
            {
                return Math.Exp(_logScaleMin + ((i + ((p - cumulative) / mass)) * _logScaleStep));
            }

            cumulative += mass;
        }

        return MaxScale;
    }

    /// <summary>One (θ, h) drawn from the posterior: a cell by its weight, then a point uniform in it.</summary>
    public (double Theta, double Scale) Draw(Random random)
    {
        var u = random.NextDouble();
        var k = 0;
        var cumulative = _weights[0];
        while (cumulative < u && k < _weights.Length - 1)
        {
            k++;
            cumulative += _weights[k];
        }

        var j = k / Grid.ScaleCells;
        var i = k % Grid.ScaleCells;
        var theta = (j + random.NextDouble()) * PosteriorGrid.MaxTheta / Grid.ThetaCells;
        return (theta, Math.Exp(_logScaleMin + ((i + random.NextDouble()) * _logScaleStep)));
    }
}
