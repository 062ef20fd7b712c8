using System.Text.Json;

namespace MarkovFunctions.Domain.Tests;

/// <summary>The comparison rules of tests/Cases/README.md.</summary>
public static class Tolerance
{
    public const double Model = 1e-9;
    public const double NearZero = 1e-12;
    public const double Lp = 1e-6;

    public static void Close(double expected, double actual, double relative, string what, double absolute = NearZero)
    {
        var limit = Math.Max(absolute, relative * Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= limit, $"{what}: expected {expected:R}, got {actual:R} (allowed ±{limit:g3})");
    }

    public static void Close(JsonElement expected, double? actual, double relative, string what)
    {
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.True(actual is null, $"{what}: expected null, got {actual}");
            return;
        }

        Assert.True(actual is not null, $"{what}: expected {expected.GetDouble():R}, got null");
        Close(expected.GetDouble(), actual!.Value, relative, what, relative == Lp ? 1e-6 : NearZero);
    }

    public static bool Agree(double a, double b, double relative) => Math.Abs(a - b) <= relative * Math.Max(Math.Abs(a), Math.Abs(b));
}
