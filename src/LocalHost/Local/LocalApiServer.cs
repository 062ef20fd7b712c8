using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MarkovFunctions.Pipeline.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarkovFunctions.LocalHost.Local;

/// <summary>
/// The Functions app's HTTP API on 127.0.0.1, routed to the same <see cref="RunsApi"/> handlers, so
/// the API can be exercised over real HTTP here. Like a function key, the key goes in the
/// <c>x-functions-key</c> header or the <c>code</c> query parameter.
/// </summary>
public sealed class LocalApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalApiServer(WebApplication app, string baseUrl) => (_app, BaseUrl) = (app, baseUrl);

    public string BaseUrl { get; }

    public static string NewKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    public static async Task<LocalApiServer> StartAsync(LocalPipeline pipeline, int port, string key, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var expected = Encoding.UTF8.GetBytes(key);

        app.Use(async (context, next) =>
        {
            var given = context.Request.Headers["x-functions-key"].FirstOrDefault() ?? context.Request.Query["code"].FirstOrDefault() ?? string.Empty;
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), expected))
            {
                await WriteAsync(context, ApiResponse.Error(401, "a function key is required (x-functions-key header or ?code=)"));
                return;
            }

            await next(context);
        });
        app.MapPost("/api/runs", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            await WriteAsync(context, await pipeline.Api.StartRunAsync(body, $"{context.Request.Scheme}://{context.Request.Host}", context.RequestAborted));
        });
        app.MapGet("/api/runs/{id}", async (HttpContext context, string id) =>
            await WriteAsync(context, await pipeline.Api.GetRunAsync(id, context.RequestAborted)));
        app.MapGet("/api/recommendation", async (HttpContext context) =>
            await WriteAsync(context, await pipeline.Api.GetRecommendationAsync(context.Request.Query["budget"].FirstOrDefault(), context.RequestAborted)));

        await app.StartAsync(ct);
        return new LocalApiServer(app, $"http://127.0.0.1:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task WriteAsync(HttpContext context, ApiResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(response.Body.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), context.RequestAborted);
    }
}
