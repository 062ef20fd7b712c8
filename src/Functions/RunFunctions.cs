using System.Net;
using System.Text.Json;
using System.Web;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Scheduling;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MarkovFunctions.Functions;

/// <summary>
/// The triggers that start and look at runs. Each is a wrapper around code shared with the local
/// host (<see cref="RunsApi"/>, <see cref="WeeklySchedule"/>, <see cref="DurableClientGateway"/>).
/// </summary>
public sealed class RunFunctions(WeeklyRunStarter weekly)
{
    /// <summary>
    /// Every hour on the hour in UTC (Flex Consumption ignores WEBSITE_TIME_ZONE). Once the week's
    /// start in the configured zone has passed, a tick (late or past-due ones too) starts the week's
    /// run under the ISO week's instance id unless it exists already.
    /// </summary>
    [Function("WeeklyTimer")]
    public Task WeeklyTimer([TimerTrigger(WeeklySchedule.TimerCron)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        weekly.OnTickAsync(new DurableClientGateway(client), timer.IsPastDue, ct);

    [Function("StartRun")]
    public async Task<HttpResponseData> StartRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct)
    {
        // The stream, not the string: the handler stops reading past its body limit.
        var response = await Api(request, client).StartRunAsync(request.Body, request.Url.GetLeftPart(UriPartial.Authority), ct);
        return await WriteAsync(request, response, ct);
    }

    [Function("GetRun")]
    public async Task<HttpResponseData> GetRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{id}")] HttpRequestData request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        await WriteAsync(request, await Api(request, client).GetRunAsync(id, ct), ct);

    [Function("GetRecommendation")]
    public async Task<HttpResponseData> GetRecommendation(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "recommendation")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct)
    {
        var query = HttpUtility.ParseQueryString(request.Url.Query);
        return await WriteAsync(request, await Api(request, client).GetRecommendationAsync(query["budget"], query["goal"], query["target"], ct), ct);
    }

    [Function("Evaluate")]
    public async Task<HttpResponseData> Evaluate(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "evaluate")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        await WriteAsync(request, await Api(request, client).EvaluateAsync(request.Body, ct), ct);

    private static RunsApi Api(HttpRequestData request, DurableTaskClient client) =>
        ActivatorUtilities.CreateInstance<RunsApi>(request.FunctionContext.InstanceServices, new DurableClientGateway(client));

    private static async Task<HttpResponseData> WriteAsync(HttpRequestData request, ApiResponse api, CancellationToken ct)
    {
        var response = request.CreateResponse((HttpStatusCode)api.StatusCode);
        foreach (var (name, value) in api.Headers ?? new Dictionary<string, string>())
        {
            response.Headers.Add(name, value);
        }

        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.WriteStringAsync(api.Body.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);
        return response;
    }
}
