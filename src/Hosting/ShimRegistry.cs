using DurableTask.Core;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace MarkovFunctions.Hosting;

/// <summary>
/// Lets DurableTask.Core find the catalog's orchestrators and activities by name. Each work item
/// gets a new SDK object wrapped in a new shim (shims keep per-execution state); the version is
/// ignored because everything is registered and scheduled with version "".
/// </summary>
internal sealed class ShimRegistry<T> : INameVersionObjectManager<T>
{
    private readonly Dictionary<string, ObjectCreator<T>> _creators = new(StringComparer.Ordinal);

    public void Add(ObjectCreator<T> creator)
    {
        if (!_creators.TryAdd(creator.Name, creator))
        {
            throw new InvalidOperationException($"'{creator.Name}' is registered twice");
        }
    }

    public T? GetObject(string name, string? version) =>
        _creators.TryGetValue(name, out var creator) ? creator.Create() : default;

    public static ShimRegistry<TaskOrchestration> Orchestrations(
        DurableTaskCatalog catalog, IServiceProvider services, DurableTaskShimFactory shims)
    {
        var registry = new ShimRegistry<TaskOrchestration>();
        foreach (var registration in catalog.Orchestrators)
        {
            registry.Add(new Creator<TaskOrchestration>(registration.Name, () =>
                shims.CreateOrchestration(
                    new TaskName(registration.Name),
                    (ITaskOrchestrator)ActivatorUtilities.CreateInstance(services, registration.Implementation),
                    parent: null)));
        }

        return registry;
    }

    public static ShimRegistry<TaskActivity> Activities(
        DurableTaskCatalog catalog, IServiceProvider services, DurableTaskShimFactory shims)
    {
        var registry = new ShimRegistry<TaskActivity>();
        foreach (var registration in catalog.Activities)
        {
            var activity = new ScopedActivity(registration.Implementation, services);
            registry.Add(new Creator<TaskActivity>(registration.Name, () =>
                shims.CreateActivity(new TaskName(registration.Name), activity)));
        }

        return registry;
    }

    private sealed class Creator<TObject> : ObjectCreator<TObject>
    {
        private readonly Func<TObject> _create;

        public Creator(string name, Func<TObject> create)
        {
            Name = name;
            Version = string.Empty;
            _create = create;
        }

        public override TObject Create() => _create();
    }
}

/// <summary>
/// An activity resolved per execution in its own DI scope, so that scoped services (a database
/// connection, an HTTP client handler) live exactly as long as one activity run.
/// </summary>
internal sealed class ScopedActivity : ITaskActivity
{
    private readonly Type _implementation;
    private readonly IServiceProvider _services;

    public ScopedActivity(Type implementation, IServiceProvider services)
    {
        _implementation = implementation;
        _services = services;
        (InputType, OutputType) = SignatureOf(implementation);
    }

    public Type InputType { get; }

    public Type OutputType { get; }

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        await using var scope = _services.CreateAsyncScope();
        var activity = (ITaskActivity)ActivatorUtilities.CreateInstance(scope.ServiceProvider, _implementation);
        return await activity.RunAsync(context, input).ConfigureAwait(false);
    }

    private static (Type Input, Type Output) SignatureOf(Type implementation)
    {
        for (var type = implementation; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Microsoft.DurableTask.TaskActivity<,>))
            {
                var arguments = type.GetGenericArguments();
                return (arguments[0], arguments[1]);
            }
        }

        throw new ArgumentException($"{implementation} does not derive from TaskActivity<TInput, TOutput>", nameof(implementation));
    }
}
