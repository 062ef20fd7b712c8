using System.Text.Json;
using System.Text.RegularExpressions;

namespace MarkovFunctions.Infra.Tests;

/// <summary>
/// One template of the compiled output (the main template, or a module's nested template) with the
/// values its parent deployment passes in, so an expression such as <c>[parameters('principalId')]</c>
/// inside a module can be followed to what the main template gives it.
/// </summary>
public sealed partial class TemplateScope
{
    private readonly JsonElement _parameterValues;
    private readonly Dictionary<string, string> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _modules = new(StringComparer.Ordinal);

    public TemplateScope(JsonElement template, TemplateScope? parent = null, JsonElement parameterValues = default)
    {
        Template = template;
        Parent = parent;
        _parameterValues = parameterValues;

        // Symbolic-name templates (languageVersion 2.0) refer to resources as reference('name').
        if (template.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Object)
        {
            foreach (var resource in resources.EnumerateObject())
            {
                _symbols[resource.Name] = resource.Value.GetProperty("type").GetString()!;
                if (_symbols[resource.Name] == "Microsoft.Resources/deployments")
                {
                    _modules[resource.Name] = resource.Value;
                }
            }
        }
    }

    public JsonElement Template { get; }

    public TemplateScope? Parent { get; }

    /// <summary>
    /// The expression, and every expression it stands for: what the parent deployment passes for each
    /// <c>parameters('p')</c> in it, the value of each <c>variables('v')</c>, and the expression behind
    /// each module output <c>reference('module').outputs.o</c>, followed to the end.
    /// </summary>
    public IEnumerable<(string Expression, TemplateScope Scope)> Expand(string expression)
    {
        yield return (expression, this);

        foreach (Match match in ParameterCall().Matches(expression))
        {
            if (Parent is not null
                && _parameterValues.ValueKind == JsonValueKind.Object
                && _parameterValues.TryGetProperty(match.Groups[1].Value, out var passed)
                && passed.TryGetProperty("value", out var value))
            {
                foreach (var expanded in Parent.Expand(Text(value)))
                {
                    yield return expanded;
                }
            }
        }

        foreach (Match match in ModuleOutput().Matches(expression))
        {
            if (_modules.TryGetValue(match.Groups[1].Value, out var module)
                && module.GetProperty("properties") is var properties
                && properties.TryGetProperty("template", out var nested)
                && nested.TryGetProperty("outputs", out var outputs)
                && outputs.TryGetProperty(match.Groups[2].Value, out var output))
            {
                properties.TryGetProperty("parameters", out var passed);
                var child = new TemplateScope(nested, this, passed);
                foreach (var expanded in child.Expand(Text(output.GetProperty("value"))))
                {
                    yield return expanded;
                }
            }
        }

        foreach (Match match in VariableCall().Matches(expression))
        {
            if (Template.TryGetProperty("variables", out var variables)
                && variables.TryGetProperty(match.Groups[1].Value, out var value))
            {
                foreach (var expanded in Expand(Text(value)))
                {
                    yield return expanded;
                }
            }
        }
    }

    /// <summary>
    /// Whether the expression (or one it stands for) refers to a resource of this type, and to the
    /// given member of it when one is named, e.g. a user-assigned identity's <c>principalId</c>.
    /// </summary>
    public bool References(string expression, string resourceType, string? member = null) =>
        Expand(expression).Any(e =>
            e.Scope.MentionsType(e.Expression, resourceType)
            && (member is null || e.Expression.Contains($".{member}", StringComparison.Ordinal)));

    /// <summary>The main template's parameter the expression comes from, if it is just one.</summary>
    public string? RootParameter(string expression) =>
        Expand(expression)
            .Where(e => e.Scope.Parent is null)
            .Select(e => WholeParameter().Match(e.Expression))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .FirstOrDefault();

    public static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private bool MentionsType(string expression, string resourceType) =>
        expression.Contains($"'{resourceType}'", StringComparison.OrdinalIgnoreCase)
        || SymbolCall().Matches(expression).Any(m =>
            _symbols.TryGetValue(m.Groups[1].Value, out var type)
            && string.Equals(type, resourceType, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"parameters\('([^']+)'\)")]
    private static partial Regex ParameterCall();

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableCall();

    [GeneratedRegex(@"\breference\('([^']+)'\)\.outputs\.(\w+)")]
    private static partial Regex ModuleOutput();

    [GeneratedRegex(@"\b(?:reference|resourceInfo)\('([^']+)'")]
    private static partial Regex SymbolCall();

    [GeneratedRegex(@"^\[parameters\('([^']+)'\)\]$")]
    private static partial Regex WholeParameter();
}

/// <summary>A resource the template deploys (not an <c>existing</c> one), with the template it sits in.</summary>
public sealed record TemplateResource(string Type, JsonElement Body, TemplateScope Scope)
{
    public JsonElement Properties => Body.GetProperty("properties");

    /// <summary>The value at this path under the resource, or an undefined element when absent.</summary>
    public JsonElement At(params string[] path)
    {
        var current = Body;
        foreach (var step in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current))
            {
                return default;
            }
        }

        return current;
    }

    public string Text(params string[] path) => At(path) is { ValueKind: not JsonValueKind.Undefined } value ? TemplateScope.Text(value) : "";
}

/// <summary>An app setting of the function app: its value as written in the template, and where.</summary>
public sealed record AppSetting(string Name, string Value, TemplateScope Scope);

/// <summary>
/// infra/bicep/main.bicep built once per test run with the restored Bicep CLI, read as ARM JSON:
/// every deployed resource of the main template and of each module's nested template.
/// </summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    private readonly string _outDirectory = Path.Combine(Path.GetTempPath(), $"markov-bicep-{Guid.NewGuid():N}");
    private JsonDocument? _document;

    public BicepRun Build { get; private set; } = new("", -1, "");

    /// <summary>The compiled template as text, for checks that hold anywhere in it.</summary>
    public string Json { get; private set; } = "";

    public TemplateScope Root { get; private set; } = null!;

    public IReadOnlyList<TemplateResource> Resources { get; private set; } = [];

    public IReadOnlyList<AppSetting> AppSettings { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_outDirectory);
        var outFile = Path.Combine(_outDirectory, "main.json");
        Build = await BicepCli.RunAsync(["build", "main.bicep", "--outfile", outFile]);
        Assert.True(Build.ExitCode == 0, $"{Build.Command} exited {Build.ExitCode}:\n{Build.Diagnostics}");

        Json = await File.ReadAllTextAsync(outFile);
        _document = JsonDocument.Parse(Json);
        Root = new TemplateScope(_document.RootElement);
        Resources = Walk(Root).ToList();
        AppSettings = ReadAppSettings(Resources).ToList();
    }

    public Task DisposeAsync()
    {
        _document?.Dispose();
        Directory.Delete(_outDirectory, recursive: true);
        return Task.CompletedTask;
    }

    public IReadOnlyList<TemplateResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    public AppSetting Setting(string name) =>
        AppSettings.SingleOrDefault(s => s.Name == name) ?? throw new Xunit.Sdk.XunitException($"No app setting {name}");

    private static IEnumerable<TemplateResource> Walk(TemplateScope scope)
    {
        var resources = scope.Template.GetProperty("resources");
        var bodies = resources.ValueKind == JsonValueKind.Object
            ? resources.EnumerateObject().Select(p => p.Value)
            : resources.EnumerateArray();

        foreach (var body in bodies)
        {
            if (body.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True)
            {
                continue;
            }

            var resource = new TemplateResource(body.GetProperty("type").GetString()!, body, scope);
            yield return resource;

            if (resource.Type == "Microsoft.Resources/deployments"
                && resource.At("properties", "template") is { ValueKind: JsonValueKind.Object } nested)
            {
                foreach (var inner in Walk(new TemplateScope(nested, scope, resource.At("properties", "parameters"))))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<AppSetting> ReadAppSettings(IReadOnlyList<TemplateResource> resources)
    {
        foreach (var resource in resources)
        {
            // App settings as their own config resource (name "<site>/appsettings") ...
            if (resource.Type == "Microsoft.Web/sites/config"
                && resource.Text("name").Contains("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var setting in resource.Properties.EnumerateObject())
                {
                    yield return new AppSetting(setting.Name, TemplateScope.Text(setting.Value), resource.Scope);
                }
            }

            // ... or inline in the site's siteConfig.
            if (resource.Type == "Microsoft.Web/sites"
                && resource.At("properties", "siteConfig", "appSettings") is { ValueKind: JsonValueKind.Array } inline)
            {
                foreach (var setting in inline.EnumerateArray())
                {
                    yield return new AppSetting(setting.GetProperty("name").GetString()!, TemplateScope.Text(setting.GetProperty("value")), resource.Scope);
                }
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<CompiledTemplate>
{
    public const string Name = "Bicep";
}
