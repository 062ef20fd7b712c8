using System.Text.Json;
using System.Text.RegularExpressions;

namespace MarkovFunctions.Infra.Tests;

/// <summary>
/// Properties of the compiled ARM template, found by resource type and property, never by resource
/// name: renaming a resource or moving it into another module must not break these tests.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed partial class TemplateTests(CompiledTemplate template)
{
    // Built-in role definition ids, the same in every tenant.
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageBlobDelegator = "db58b8e5-c6ad-4a2a-8342-4190687cbf4a";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private const string Identity = "Microsoft.ManagedIdentity/userAssignedIdentities";
    private const string StorageAccount = "Microsoft.Storage/storageAccounts";
    private const string BlobContainer = "Microsoft.Storage/storageAccounts/blobServices/containers";
    private const string Vault = "Microsoft.KeyVault/vaults";
    private const string Components = "Microsoft.Insights/components";
    private const string Workspace = "Microsoft.OperationalInsights/workspaces";

    private TemplateResource Site => Assert.Single(template.OfType("Microsoft.Web/sites"));

    [Fact]
    public void Plan_Sku_IsFlexConsumptionFC1()
    {
        var plan = Assert.Single(template.OfType("Microsoft.Web/serverfarms"));
        Assert.Equal("FC1", plan.Text("sku", "name"));
        Assert.Equal("FlexConsumption", plan.Text("sku", "tier"));
        Assert.Equal(JsonValueKind.True, plan.At("properties", "reserved").ValueKind);
        Assert.True(Site.Scope.References(Site.Text("properties", "serverFarmId"), "Microsoft.Web/serverfarms"));
    }

    [Fact]
    public void FunctionApp_Config_IsDotnetIsolated10OnLinuxDeployedWithTheIdentity()
    {
        Assert.Contains("linux", Site.Text("kind"), StringComparison.Ordinal);
        Assert.Equal("dotnet-isolated", Site.Text("properties", "functionAppConfig", "runtime", "name"));
        Assert.Equal("10.0", Site.Text("properties", "functionAppConfig", "runtime", "version"));
        Assert.Equal(JsonValueKind.True, Site.At("properties", "httpsOnly").ValueKind);

        // Flex Consumption pulls the package from a blob container, signed in as the app's identity.
        Assert.Equal("blobContainer", Site.Text("properties", "functionAppConfig", "deployment", "storage", "type"));
        Assert.Equal("UserAssignedIdentity", Site.Text("properties", "functionAppConfig", "deployment", "storage", "authentication", "type"));
        Assert.True(Site.Scope.References(Site.Text("properties", "functionAppConfig", "deployment", "storage", "authentication", "userAssignedIdentityResourceId"), Identity));
        Assert.Equal("UserAssigned", Site.Text("identity", "type"));
    }

    [Fact]
    public void StorageAccounts_SharedKeyAccess_IsOff()
    {
        var accounts = template.OfType(StorageAccount);
        Assert.NotEmpty(accounts);
        Assert.All(accounts, account =>
        {
            Assert.Equal(JsonValueKind.False, account.At("properties", "allowSharedKeyAccess").ValueKind);
            Assert.Equal(JsonValueKind.False, account.At("properties", "allowBlobPublicAccess").ValueKind);
            Assert.Equal("TLS1_2", account.Text("properties", "minimumTlsVersion"));
        });
    }

    [Fact]
    public void Template_Anywhere_HasNoListKeysNorAccountKey()
    {
        Assert.DoesNotContain("listKeys", template.Json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey", template.Json, StringComparison.OrdinalIgnoreCase);
        // No other list* call either (listAccountSas, listServiceSas, listSecrets ...): each reads a key.
        Assert.Empty(ListCall().Matches(template.Json).Select(m => m.Value));
    }

    [Fact]
    public void HostStorage_Settings_AreIdentityBased()
    {
        Assert.DoesNotContain(template.AppSettings, s => s.Name == "AzureWebJobsStorage");
        Assert.DoesNotContain(template.AppSettings, s => s.Name.StartsWith("AzureWebJobsStorage__accountKey", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("managedidentity", template.Setting("AzureWebJobsStorage__credential").Value);

        var clientId = template.Setting("AzureWebJobsStorage__clientId");
        Assert.True(clientId.Scope.References(clientId.Value, Identity, "clientId"), clientId.Value);

        foreach (var service in new[] { "blob", "queue", "table" })
        {
            var uri = template.Setting($"AzureWebJobsStorage__{service}ServiceUri");
            Assert.False(string.IsNullOrWhiteSpace(uri.Value));
            Assert.True(uri.Scope.References(uri.Value, StorageAccount), $"{uri.Name}: {uri.Value}");
        }

        Assert.DoesNotContain(template.AppSettings, s => s.Value.Contains("DefaultEndpointsProtocol", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("user-delegation key (report links)", StorageAccount, StorageBlobDelegator)]
    [InlineData("blob data", BlobContainer, StorageBlobDataContributor)]
    [InlineData("queue data", StorageAccount, StorageQueueDataContributor)]
    [InlineData("table data", StorageAccount, StorageTableDataContributor)]
    [InlineData("Key Vault secrets", Vault, KeyVaultSecretsUser)]
    [InlineData("Entra telemetry", Components, MonitoringMetricsPublisher)]
    public void RoleAssignments_DataRole_GrantedToTheAppIdentityOnItsResource(string what, string scopeType, params string[] roleIds)
    {
        var granted = RoleAssignmentsToTheIdentity()
            .Where(a => roleIds.Contains(RoleId(a)) && a.Scope.References(a.Text("scope"), scopeType))
            .ToList();
        Assert.True(granted.Count == 1, $"{what}: expected one assignment of {string.Join(" or ", roleIds)} on a {scopeType} to the app's identity, found {granted.Count}");
    }

    [Fact]
    public void RoleAssignments_All_AreDataRolesForTheAppIdentity()
    {
        string[] allowed = [StorageBlobDataContributor, StorageBlobDelegator, StorageQueueDataContributor, StorageTableDataContributor, KeyVaultSecretsUser, MonitoringMetricsPublisher];
        var assignments = template.OfType("Microsoft.Authorization/roleAssignments");

        // No Owner, Contributor, Storage Account Contributor or the like: nothing that reaches keys.
        Assert.All(assignments, a => Assert.Contains(RoleId(a), allowed));
        Assert.Equal(assignments.Count, RoleAssignmentsToTheIdentity().Count);
        Assert.Single(template.OfType(Identity));
    }

    [Fact]
    public void RoleAssignments_BlobData_OnTheContainersTheAppUsesNeverTheAccount()
    {
        // No Owner of blobs anywhere, and no blob data role on the whole account (its code package and
        // function keys included): only the Delegator there, which reads no data.
        Assert.DoesNotContain(template.OfType("Microsoft.Authorization/roleAssignments"), a => RoleId(a) == StorageBlobDataOwner);
        var blobRoles = RoleAssignmentsToTheIdentity().Where(a => RoleId(a) == StorageBlobDataContributor).ToList();
        var assignment = Assert.Single(blobRoles);
        var scope = assignment.Text("scope");
        Assert.True(assignment.Scope.References(scope, BlobContainer), scope);
        Assert.False(assignment.Scope.References(scope, StorageAccount), scope);

        // The containers it loops over: the artifacts container the app is told to use, the package's and the host's.
        var containers = assignment.Scope.Expand("[variables('blobContainerNames')]").Select(e => e.Expression).ToList();
        Assert.Contains(containers, e => e.Contains("parameters('artifactsContainerName')", StringComparison.Ordinal));
        Assert.Contains(template.Root.Expand("[variables('hostContainerNames')]"), e => e.Expression.Contains("azure-webjobs-secrets", StringComparison.Ordinal));
        Assert.Contains(template.Root.Expand("[variables('hostContainerNames')]"), e => e.Expression.Contains("-leases", StringComparison.Ordinal));
        Assert.Equal("artifactsContainerName", template.Root.RootParameter(template.Setting("Artifacts__Container").Value));
    }

    [Theory]
    [InlineData(StorageAccount)]
    [InlineData(Vault)]
    public void Firewall_StorageAndKeyVault_DenyByDefaultLettingThroughTheAppSubnetAndTheGivenRanges(string type)
    {
        var resource = Assert.Single(template.OfType(type));
        Assert.Equal("Deny", resource.Text("properties", "networkAcls", "defaultAction"));

        var copies = resource.At("properties", "networkAcls", "copy").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("count").GetString()!);
        Assert.Contains(resource.Scope.Expand(copies["ipRules"]), e => e.Scope.Parent is null && e.Expression.Contains("parameters('allowedIpRanges')", StringComparison.Ordinal));
        var subnets = resource.Scope.Expand(copies["virtualNetworkRules"]).Select(e => e.Expression).ToList();
        Assert.Contains(subnets, e => e.Contains("appSubnetId", StringComparison.Ordinal));
        Assert.Contains(subnets, e => e.Contains("parameters('allowedSubnetIds')", StringComparison.Ordinal));

        // The app's subnet is on by default, with the service endpoints the firewall rules need.
        Assert.True(Parameter("enableVnetIntegration").GetProperty("defaultValue").GetBoolean());
        var network = Assert.Single(template.OfType("Microsoft.Network/virtualNetworks"));
        var endpoints = network.At("properties", "subnets").EnumerateArray()
            .SelectMany(s => s.GetProperty("properties").GetProperty("serviceEndpoints").EnumerateArray())
            .Select(e => e.GetProperty("service").GetString());
        Assert.Equal(["Microsoft.Storage", "Microsoft.KeyVault"], endpoints);
    }

    [Fact]
    public void PostgresTls_InAzure_VerifiesTheServerCertificate()
    {
        var mode = template.Setting("POSTGRES_SSL_MODE");
        var parameter = template.Root.RootParameter(mode.Value);
        Assert.Equal("postgresSslMode", parameter);
        Assert.Equal("VerifyFull", Parameter(parameter!).GetProperty("defaultValue").GetString());
        // Require (and below) encrypts without checking the certificate: not offered.
        Assert.Equal(["VerifyCA", "VerifyFull"], Parameter(parameter!).GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void KeyVault_PurgeProtection_OnByDefault()
    {
        var vault = Assert.Single(template.OfType(Vault));
        var parameter = vault.Scope.Expand(vault.Text("properties", "enablePurgeProtection"))
            .Select(e => PurgeParameter().Match(e.Expression))
            .Where(m => m.Success && template.Root.Template.GetProperty("parameters").TryGetProperty(m.Groups[1].Value, out _))
            .Select(m => m.Groups[1].Value)
            .Last();
        Assert.Equal("keyVaultPurgeProtection", parameter);
        Assert.True(Parameter(parameter).GetProperty("defaultValue").GetBoolean());
        Assert.Contains("param keyVaultPurgeProtection = true", File.ReadAllText(Path.Combine(BicepCli.Directory, "main.bicepparam")), StringComparison.Ordinal);
    }

    [Fact]
    public void RunBudgets_HasNoDefault_TheParametersFileStatesThem()
    {
        // A default matches nobody's spend: every deployment says its own budgets.
        Assert.False(Parameter("runBudgets").TryGetProperty("defaultValue", out _));
        Assert.Matches(@"(?m)^param runBudgets = '[0-9]+(,[0-9]+)*'$", File.ReadAllText(Path.Combine(BicepCli.Directory, "main.bicepparam")));
    }

    [Fact]
    public void AppSettings_Secrets_AreKeyVaultReferencesReadByTheIdentity()
    {
        foreach (var name in new[] { "POSTGRES_PASSWD", "POSTGRES_WRITER_PASSWD", "Notify__SlackWebhookUrl", "Notify__TeamsWebhookUrl", "Notify__SmtpPassword" })
        {
            Assert.Contains("@Microsoft.KeyVault(SecretUri=", template.Setting(name).Value, StringComparison.Ordinal);
        }

        Assert.True(Site.Scope.References(Site.Text("properties", "keyVaultReferenceIdentity"), Identity));
        var vault = Assert.Single(template.OfType(Vault));
        Assert.Equal(JsonValueKind.True, vault.At("properties", "enableRbacAuthorization").ValueKind);
    }

    [Fact]
    public void SecureParameters_Values_ReachTheAppOnlyThroughKeyVault()
    {
        var secure = template.Root.Template.GetProperty("parameters").EnumerateObject()
            .Where(p => p.Value.GetProperty("type").GetString() is "securestring" or "secureObject")
            .Select(p => p.Name)
            .ToList();
        Assert.NotEmpty(secure);

        foreach (var name in secure)
        {
            // An app setting may ask whether a secret was given (empty(...)), never hold its value.
            var call = $"parameters('{name}')";
            Assert.All(template.AppSettings, s =>
                Assert.DoesNotContain(call, s.Value.Replace($"empty({call})", "", StringComparison.Ordinal), StringComparison.Ordinal));
        }

        // Each secret goes into the vault instead.
        var secrets = template.OfType("Microsoft.KeyVault/vaults/secrets");
        Assert.All(secure, name => Assert.Contains(secrets, s =>
            s.Scope.Expand(s.Text("properties", "value")).Any(e => e.Expression.Contains($"parameters('{name}')", StringComparison.Ordinal))));
    }

    [Fact]
    public void ApplicationInsights_Workspace_IsConnectedToLogAnalyticsAndTheApp()
    {
        var component = Assert.Single(template.OfType(Components));
        Assert.True(component.Scope.References(component.Text("properties", "WorkspaceResourceId"), Workspace));
        Assert.Equal(JsonValueKind.True, component.At("properties", "DisableLocalAuth").ValueKind);

        var workspace = Assert.Single(template.OfType(Workspace));
        var retention = workspace.Text("properties", "retentionInDays");
        Assert.NotNull(workspace.Scope.RootParameter(retention));

        var connection = template.Setting("APPLICATIONINSIGHTS_CONNECTION_STRING");
        Assert.True(connection.Scope.References(connection.Value, Components, "ConnectionString"), connection.Value);
        Assert.Contains("Authorization=AAD", template.Setting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertRule_FailedExecutions_ReachesAnEmailActionGroup()
    {
        var rule = Assert.Single(template.OfType("Microsoft.Insights/scheduledQueryRules"));
        var criterion = Assert.Single(rule.At("properties", "criteria", "allOf").EnumerateArray());
        var query = TemplateScope.Text(criterion.GetProperty("query"));
        Assert.Contains(rule.Scope.Expand(query), e => e.Expression.Contains("success == false", StringComparison.Ordinal));
        Assert.Equal("GreaterThan", criterion.GetProperty("operator").GetString());
        Assert.Equal(0, criterion.GetProperty("threshold").GetInt32());
        Assert.True(rule.Scope.References(TemplateScope.Text(rule.At("properties", "scopes")[0]), Components));
        Assert.True(rule.Scope.References(TemplateScope.Text(rule.At("properties", "actions", "actionGroups")[0]), "Microsoft.Insights/actionGroups"));

        var group = Assert.Single(template.OfType("Microsoft.Insights/actionGroups"));
        var receiver = Assert.Single(group.At("properties", "emailReceivers").EnumerateArray());
        Assert.Equal("alertEmail", group.Scope.RootParameter(TemplateScope.Text(receiver.GetProperty("emailAddress"))));
    }

    [Fact]
    public void VnetIntegration_Subnet_IsDelegatedAndOptional()
    {
        var network = Assert.Single(template.OfType("Microsoft.Network/virtualNetworks"));
        var delegations = network.At("properties", "subnets")
            .EnumerateArray()
            .SelectMany(s => s.GetProperty("properties").GetProperty("delegations").EnumerateArray())
            .Select(d => d.GetProperty("properties").GetProperty("serviceName").GetString());
        Assert.Contains("Microsoft.App/environments", delegations);

        // The network module and the site's subnet both hang on one bool parameter.
        var subnet = Site.Text("properties", "virtualNetworkSubnetId");
        var condition = Assert.Single(ConditionParameter().Matches(subnet)).Groups[1].Value;
        Assert.Equal("bool", template.Root.Template.GetProperty("parameters").GetProperty(condition).GetProperty("type").GetString());
    }

    [Fact]
    public void Outputs_Main_NameTheAppTheArtifactsUrlAndTheClientId()
    {
        var outputs = template.Root.Template.GetProperty("outputs");
        string Output(string name) => outputs.GetProperty(name).GetProperty("value").GetString()!;

        Assert.True(template.Root.References(Output("managedIdentityClientId"), Identity, "clientId"));
        Assert.Same(template.Root, Site.Scope);
        Assert.Equal(Site.Text("name"), Output("functionAppName"));

        // The blob endpoint of the storage account followed by the container the app is told to use.
        var artifacts = Output("artifactsContainerUrl");
        Assert.True(template.Root.References(artifacts, StorageAccount, "primaryEndpoints.blob"), artifacts);
        var container = template.Setting("Artifacts__Container");
        Assert.Contains(template.Root.Expand(artifacts), e => e.Scope.Parent is null && e.Expression == container.Value);
    }

    private JsonElement Parameter(string name) => template.Root.Template.GetProperty("parameters").GetProperty(name);

    private List<TemplateResource> RoleAssignmentsToTheIdentity() =>
        template.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => a.Scope.References(a.Text("properties", "principalId"), Identity, "principalId"))
            .Where(a => a.Text("properties", "principalType") == "ServicePrincipal")
            .ToList();

    private static string RoleId(TemplateResource assignment) =>
        RoleGuid().Match(assignment.Text("properties", "roleDefinitionId")).Value;

    [GeneratedRegex(@"\blist\w*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListCall();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RoleGuid();

    [GeneratedRegex(@"parameters\('([^']+)'\)")]
    private static partial Regex PurgeParameter();

    [GeneratedRegex(@"^\[if\(parameters\('([^']+)'\)")]
    private static partial Regex ConditionParameter();
}
