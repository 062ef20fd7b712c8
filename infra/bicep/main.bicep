// MarkovFunctions in one resource group: a Linux function app on the Flex Consumption plan that runs
// the weekly attribution and budget orchestration, with everything it needs and nothing it does not.
//
//   az deployment group create -g <group> -f infra/bicep/main.bicep -p infra/bicep/main.bicepparam
//
// The app signs in to everything with one user-assigned identity: storage (host, task hub,
// deployment package, artifacts) with shared keys off, Key Vault references for the secrets, and
// Entra-authenticated telemetry. Nothing here reads a key.

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------
// Naming and placement
// ---------------------------------------------------------------------------------------------

@description('Short name the resource names are built from (letters, digits and dashes).')
@minLength(2)
@maxLength(10)
param baseName string = 'markov'

@description('Azure region of the resources; the resource group\'s by default.')
param location string = resourceGroup().location

@description('Tags applied to every resource.')
param tags object = {}

// ---------------------------------------------------------------------------------------------
// Function app
// ---------------------------------------------------------------------------------------------

@description('Most instances Flex Consumption scales out to. Each instance opens its own PostgreSQL connections during the extract, so keep it within what the database accepts.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 20

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Redundancy of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Days a deleted blob or container (a run folder, latest.json) can still be restored.')
@minValue(1)
@maxValue(365)
param blobDeleteRetentionDays int = 14

@description('Container that holds run folders, history/ and latest.json.')
@minLength(3)
@maxLength(63)
param artifactsContainerName string = 'markov'

@description('Durable task hub name (host.json reads it from the TASK_HUB_NAME app setting): 3-45 letters or digits, starting with a letter.')
@minLength(3)
@maxLength(45)
param durableTaskHubName string = 'MarkovFunctions'

@description('Comma-separated monthly budgets the weekly run optimises, near what the channels spend now (no default: a default matches nobody\'s spend and would make every budget infeasible or idle).')
@minLength(1)
param runBudgets string

@description('search: pick alpha by SMAPE over the grid; fixed: use Run__AlphaFixed.')
@allowed([
  'search'
  'fixed'
])
param runAlphaMode string = 'search'

@description('Also upsert results into analytics.budget_scenarios with the writer role.')
param runPublishToDatabase bool = false

@description('Time zone of the weekly run (Flex Consumption runs in UTC; the app converts).')
param scheduleTimeZone string = 'America/New_York'

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

@description('PostgreSQL host with the dw4 schema.')
@minLength(1)
param postgresHost string

@description('PostgreSQL port.')
param postgresPort int = 5432

@description('Database that holds dw4 and analytics.')
param postgresDatabase string = 'markov'

@description('Read-only role for dw4.')
param postgresUser string = 'markov_reader'

@description('Read-write role for analytics.budget_scenarios (used only with runPublishToDatabase).')
param postgresWriterUser string = 'markov_writer'

@description('TLS mode for PostgreSQL: VerifyFull checks the server certificate and its name; VerifyCA the certificate only.')
// Require encrypts but checks no certificate (Npgsql): not offered. Azure Database for PostgreSQL's
// certificates chain to roots in the app's system store, so VerifyFull needs no file.
@allowed([
  'VerifyCA'
  'VerifyFull'
])
param postgresSslMode string = 'VerifyFull'

@description('Password of the read-only role, stored in Key Vault. Empty: keep the secret already in the vault.')
@secure()
param postgresPassword string = ''

@description('Password of the writer role, stored in Key Vault. Empty: keep the secret already in the vault.')
@secure()
param postgresWriterPassword string = ''

// ---------------------------------------------------------------------------------------------
// Notifications and alerts
// ---------------------------------------------------------------------------------------------

@description('Slack incoming-webhook URL, stored in Key Vault. Empty: no Slack notice.')
@secure()
param slackWebhookUrl string = ''

@description('Teams incoming-webhook URL, stored in Key Vault. Empty: no Teams notice.')
@secure()
param teamsWebhookUrl string = ''

@description('SMTP server for the e-mail notice (an HTML summary). Empty: no e-mail.')
param smtpHost string = ''

@description('SMTP port: 587 with STARTTLS (the default), 465 with smtpTls tls.')
@minValue(1)
@maxValue(65535)
param smtpPort int = 587

@description('starttls (required), tls (TLS from the first byte) or none (a relay on a private network only).')
@allowed([
  'starttls'
  'tls'
  'none'
])
param smtpTls string = 'starttls'

@description('Sender address of the e-mail notice.')
param smtpFrom string = ''

@description('Recipients of the e-mail notice, comma-separated, 1 to 20.')
param smtpTo string = ''

@description('SMTP user to sign in as. Empty: no sign-in.')
param smtpUser string = ''

@description('SMTP password, stored in Key Vault.')
@secure()
param smtpPassword string = ''

@description('Address that receives an e-mail when a function execution fails (a failed run, a notice that could not be sent).')
@minLength(3)
param alertEmail string

@description('How often the failure alert rule runs, and the window it looks back over.')
@allowed([
  'PT5M'
  'PT15M'
  'PT30M'
  'PT1H'
])
param alertEvaluationFrequency string = 'PT15M'

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

// ---------------------------------------------------------------------------------------------
// Key Vault and network
// ---------------------------------------------------------------------------------------------

@description('Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteDays int = 90

@description('Purge protection on the vault: a deleted vault or secret cannot be purged before its retention ends. It cannot be turned off again.')
param keyVaultPurgeProtection bool = true

@description('Integrate the app with a virtual network: its subnet is what storage and Key Vault let through their firewalls (and it reaches a PostgreSQL server that has only a private address). Turned off, the app reaches them only from allowedIpRanges.')
param enableVnetIntegration bool = true

@description('Public IP ranges (CIDR, e.g. an office or a BI gateway) that storage and Key Vault let through besides the app\'s subnet; every other network is denied.')
param allowedIpRanges array = []

@description('Other subnets (resource ids, each with Microsoft.Storage and Microsoft.KeyVault service endpoints) that storage and Key Vault let through.')
param allowedSubnetIds array = []

@description('Address space of the virtual network (with enableVnetIntegration).')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Address range of the app subnet, delegated to Microsoft.App/environments (with enableVnetIntegration).')
param appSubnetPrefix string = '10.40.0.0/24'

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

var token = uniqueString(resourceGroup().id, baseName)
var compactBase = toLower(replace(baseName, '-', ''))
var names = {
  identity: 'id-${baseName}-${token}'
  plan: 'asp-${baseName}-${token}'
  functionApp: 'func-${baseName}-${token}'
  storage: take('st${compactBase}${token}', 24)
  keyVault: take('kv-${baseName}-${token}', 24)
  workspace: 'log-${baseName}-${token}'
  appInsights: 'appi-${baseName}-${token}'
  vnet: 'vnet-${baseName}-${token}'
  actionGroup: 'ag-${baseName}-${token}'
  alertRule: 'alert-${baseName}-failed-executions-${token}'
}

// Flex Consumption deploys the app from a package in this container.
var deploymentContainerName = 'app-package'

// The Functions host's keys and timer leases, and the durable task hub's leases and large messages
// (DurableTask.AzureStorage names them after the lower-cased hub).
var taskHubContainerPrefix = toLower(durableTaskHubName)
var hostContainerNames = [
  'azure-webjobs-hosts'
  'azure-webjobs-secrets'
  '${taskHubContainerPrefix}-leases'
  '${taskHubContainerPrefix}-applease'
  '${taskHubContainerPrefix}-largemessages'
]

var secretNames = {
  postgresPassword: 'postgres-passwd'
  postgresWriterPassword: 'postgres-writer-passwd'
  slackWebhookUrl: 'notify-slack-webhook-url'
  teamsWebhookUrl: 'notify-teams-webhook-url'
  smtpPassword: 'notify-smtp-password'
}

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.identity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    retentionInDays: logRetentionDays
  }
}

// What storage and Key Vault let through their firewalls: the app's subnet and the networks given.
var firewallSubnetIds = concat(enableVnetIntegration ? [network!.outputs.appSubnetId] : [], allowedSubnetIds)

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    hostContainerNames: hostContainerNames
    allowedIpRanges: allowedIpRanges
    allowedSubnetIds: firewallSubnetIds
    location: location
    tags: tags
    accountName: names.storage
    skuName: storageSku
    deploymentContainerName: deploymentContainerName
    artifactsContainerName: artifactsContainerName
    deleteRetentionDays: blobDeleteRetentionDays
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    tags: tags
    vaultName: names.keyVault
    allowedIpRanges: allowedIpRanges
    allowedSubnetIds: firewallSubnetIds
    softDeleteRetentionDays: keyVaultSoftDeleteDays
    enablePurgeProtection: keyVaultPurgeProtection
    secrets: {
      '${secretNames.postgresPassword}': postgresPassword
      '${secretNames.postgresWriterPassword}': postgresWriterPassword
      '${secretNames.slackWebhookUrl}': slackWebhookUrl
      '${secretNames.teamsWebhookUrl}': teamsWebhookUrl
      '${secretNames.smtpPassword}': smtpPassword
    }
  }
}

module network 'modules/network.bicep' = if (enableVnetIntegration) {
  name: 'network'
  params: {
    location: location
    tags: tags
    vnetName: names.vnet
    addressPrefix: vnetAddressPrefix
    appSubnetPrefix: appSubnetPrefix
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    storageAccountName: storage.outputs.accountName
    artifactsContainerName: artifactsContainerName
    deploymentContainerName: deploymentContainerName
    hostContainerNames: hostContainerNames
    keyVaultName: keyVault.outputs.vaultName
    appInsightsName: monitoring.outputs.appInsightsName
    principalId: identity.properties.principalId
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: names.appInsights
  dependsOn: [
    monitoring
  ]
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: names.plan
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    // Linux.
    reserved: true
  }
}

// Key Vault references without a version, so a rotated secret is picked up without a redeploy.
var secretsUri = '${keyVault.outputs.vaultUri}secrets'

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: names.functionApp
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    virtualNetworkSubnetId: enableVnetIntegration ? network!.outputs.appSubnetId : null
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: storage.outputs.deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  // The host reads storage and Key Vault as soon as it starts: grant the roles first.
  dependsOn: [
    rbac
  ]
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    // Host and task hub storage, through the identity (the account has no shared key).
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.properties.clientId
    AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
    AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
    AzureWebJobsStorage__tableServiceUri: storage.outputs.tableEndpoint

    // Telemetry with the identity's Entra token (local auth is off on the component).
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'

    // DefaultAzureCredential in the app picks the user-assigned identity.
    AZURE_CLIENT_ID: identity.properties.clientId

    POSTGRES_HOST: postgresHost
    POSTGRES_PORT: string(postgresPort)
    POSTGRES_DATABASE: postgresDatabase
    POSTGRES_USER: postgresUser
    POSTGRES_PASSWD: '@Microsoft.KeyVault(SecretUri=${secretsUri}/${secretNames.postgresPassword})'
    POSTGRES_SSL_MODE: postgresSslMode
    POSTGRES_WRITER_USER: runPublishToDatabase ? postgresWriterUser : ''
    // Referenced only when the writer is used: an unresolvable reference would reach the app as text.
    POSTGRES_WRITER_PASSWD: runPublishToDatabase
      ? '@Microsoft.KeyVault(SecretUri=${secretsUri}/${secretNames.postgresWriterPassword})'
      : ''

    Artifacts__AccountUri: storage.outputs.blobEndpoint
    Artifacts__Container: artifactsContainerName
    Artifacts__ManagedIdentityClientId: identity.properties.clientId

    // An empty webhook turns that channel off, so only configured channels reference the vault.
    Notify__SlackWebhookUrl: empty(slackWebhookUrl) ? '' : '@Microsoft.KeyVault(SecretUri=${secretsUri}/${secretNames.slackWebhookUrl})'
    Notify__TeamsWebhookUrl: empty(teamsWebhookUrl) ? '' : '@Microsoft.KeyVault(SecretUri=${secretsUri}/${secretNames.teamsWebhookUrl})'
    Notify__SmtpHost: smtpHost
    Notify__SmtpPort: string(smtpPort)
    Notify__SmtpTls: smtpTls
    Notify__SmtpFrom: smtpFrom
    Notify__SmtpTo: smtpTo
    Notify__SmtpUser: smtpUser
    Notify__SmtpPassword: empty(smtpPassword) ? '' : '@Microsoft.KeyVault(SecretUri=${secretsUri}/${secretNames.smtpPassword})'

    TASK_HUB_NAME: durableTaskHubName
    Run__Budgets: runBudgets
    Run__AlphaMode: runAlphaMode
    Run__PublishToDatabase: string(runPublishToDatabase)
    Schedule__TimeZone: scheduleTimeZone
  }
}

// Publishing goes through Entra (az functionapp deployment / OneDeploy), never basic credentials.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    tags: tags
    appInsightsId: monitoring.outputs.appInsightsId
    functionAppName: functionApp.name
    actionGroupName: names.actionGroup
    alertRuleName: names.alertRule
    alertEmail: alertEmail
    evaluationFrequency: alertEvaluationFrequency
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

@description('Name of the function app: publish to it with `func azure functionapp publish` or `az functionapp deploy`.')
output functionAppName string = functionApp.name

@description('URL of the artifacts container (run folders, history/, latest.json).')
output artifactsContainerUrl string = storage.outputs.artifactsContainerUrl

@description('Client id of the app\'s user-assigned managed identity.')
output managedIdentityClientId string = identity.properties.clientId

@description('Storage account of the host, the task hub and the artifacts.')
output storageAccountName string = storage.outputs.accountName

@description('Key Vault that holds the secrets (set or rotate them with `az keyvault secret set`).')
output keyVaultName string = keyVault.outputs.vaultName

@description('Application Insights component of the app.')
output appInsightsName string = monitoring.outputs.appInsightsName
