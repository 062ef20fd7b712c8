using System.Globalization;
using System.Text.Json;
using MarkovFunctions.LocalHost.Local;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Scheduling;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.LocalHost.Commands;

/// <summary><c>markov run</c> without <c>--journeys</c>: the weekly orchestration, durably, on this machine.</summary>
public static class DatabaseRun
{
    public static async Task<int> RunAsync(IConfiguration configuration, string? instanceId, CancellationToken ct = default)
    {
        await using var pipeline = await LocalPipeline.StartAsync(configuration, ct: ct);
        var runOptions = pipeline.Services.GetRequiredService<IOptions<RunOptions>>().Value;
        var schedule = pipeline.Services.GetRequiredService<IOptions<ScheduleOptions>>().Value;
        var parameters = runOptions.ToParameters(DateTimeOffset.UtcNow);
        parameters.Validate();
        var weekly = new WeeklySchedule(schedule.TimeZone, schedule.Day, schedule.Hour);
        var id = instanceId ?? weekly.InstanceIdFor(DateTimeOffset.UtcNow);
        var gateway = new DurableClientGateway(pipeline.Engine.Client);
        id = await gateway.StartAsync(new PipelineInput("weekly", parameters, "markov run"), id, ct);
        Console.WriteLine($"orchestration {id} on the {pipeline.Engine.Backend} backend (task hub {pipeline.Engine.HubName})");

        var metadata = await WaitAsync(pipeline.Engine.Client, id, ct);
        if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            await Console.Error.WriteLineAsync($"run {id} {metadata.RuntimeStatus.ToString().ToLowerInvariant()}: {metadata.FailureDetails?.ErrorMessage}");
            return ExitCodes.Failure;
        }

        var result = metadata.ReadOutputAs<PipelineResult>()!;
        var published = result.Published!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {published.RunId}: alpha* {published.AlphaBest:0.00}, SMAPE {published.SmapeBest:0.000}, {published.RuntimeSeconds:0.0} s"));
        foreach (var budget in published.Budgets)
        {
            Console.WriteLine(budget.Status == "Optimal"
                ? string.Create(CultureInfo.InvariantCulture, $"  budget {budget.Budget:N0}: {budget.PredictedConversions:N1} conversions, uplift {budget.Uplift:+0.0%;-0.0%}{(budget.BindingConstraints.Count > 0 ? $", binding: {string.Join(", ", budget.BindingConstraints)}" : string.Empty)}")
                : string.Create(CultureInfo.InvariantCulture, $"  budget {budget.Budget:N0}: {budget.Status}: {string.Join("; ", budget.Reasons)}"));
        }

        foreach (var alert in published.Alerts)
        {
            Console.WriteLine($"  alert: {alert}");
        }

        Console.WriteLine($"artifacts: {published.Location}/ in {(pipeline.Store is Pipeline.Artifacts.LocalDirectoryArtifactStore local ? local.Root : "blob storage")}");
        if (published.ReportLink is not null)
        {
            Console.WriteLine($"report: {published.ReportLink}");
        }

        return ExitCodes.Success;
    }

    /// <summary>Polls the instance, printing each step as the orchestration reaches it.</summary>
    public static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client, string id, CancellationToken ct)
    {
        string? lastStep = null;
        while (true)
        {
            var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct)
                ?? throw new InvalidOperationException($"orchestration {id} disappeared");
            var step = metadata.SerializedCustomStatus is { } status ? JsonSerializer.Deserialize<string>(status) : null;
            if (step is not null && step != lastStep)
            {
                Console.WriteLine($"  {DateTime.UtcNow:HH:mm:ss} {step}");
                lastStep = step;
            }

            if (metadata.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
            {
                return metadata;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    public static async Task<int> StatusAsync(IConfiguration configuration, string? instanceId, CancellationToken ct = default)
    {
        await using var pipeline = await LocalPipeline.StartAsync(configuration, ct: ct);
        var schedule = pipeline.Services.GetRequiredService<IOptions<ScheduleOptions>>().Value;
        var id = instanceId ?? new WeeklySchedule(schedule.TimeZone, schedule.Day, schedule.Hour).InstanceIdFor(DateTimeOffset.UtcNow);
        var response = await pipeline.Api.GetRunAsync(id, ct);
        Console.WriteLine(response.Body.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return response.StatusCode == 200 ? ExitCodes.Success : ExitCodes.BadInput;
    }

    public static async Task<int> RecommendAsync(IConfiguration configuration, string budget, CancellationToken ct = default)
    {
        await using var pipeline = await LocalPipeline.StartAsync(configuration, ct: ct);
        var response = await pipeline.Api.GetRecommendationAsync(budget, ct);
        Console.WriteLine(response.Body.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return response.StatusCode == 200 ? ExitCodes.Success : ExitCodes.BadInput;
    }
}
