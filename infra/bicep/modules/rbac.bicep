// The data roles the app's user-assigned identity needs, each on the one resource it is for.
// No control-plane role: the app never reads keys or changes resources.

@description('Storage account of the host, the task hub, the deployment package and the artifacts.')
param storageAccountName string

@description('Container of the run folders, history/ and latest.json.')
param artifactsContainerName string

@description('Container Flex Consumption deploys the app package from.')
param deploymentContainerName string

@description('Containers of the Functions host and the durable task hub (keys, leases, large messages).')
param hostContainerNames array

@description('Key Vault that holds the secrets the app settings reference.')
param keyVaultName string

@description('Application Insights component the app sends telemetry to with its Entra token.')
param appInsightsName string

@description('Principal (object) id of the user-assigned managed identity.')
param principalId string

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' existing = {
  parent: storageAccount
  name: 'default'
}

// The artifacts, the app package (Flex Consumption's deployment writes and reads it as this
// identity) and the host's own containers.
var blobContainerNames = concat([artifactsContainerName, deploymentContainerName], hostContainerNames)

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' existing = [
  for name in blobContainerNames: {
    parent: blobService
    name: name
  }
]

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Built-in roles, whose ids are the same in every tenant.

// Read, write and delete blobs, on each container the app uses and nowhere else: not on the account,
// so the identity is no owner of blobs it does not need.
resource storageBlobDataContributor 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
}

// Only asks for a user-delegation key, which signs the report link (it reads no data by itself);
// the key is an account-level operation, so this one role is on the account.
resource storageBlobDelegator 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'
}

// Durable task hub control and work-item queues: the account holds no other queue.
resource storageQueueDataContributor 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
}

// Durable task hub instance, history and partition tables: the account holds no other table.
resource storageTableDataContributor 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

// Key Vault references: read secret values, nothing else.
resource keyVaultSecretsUser 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '4633458b-17de-408a-b874-0445c86b69e6'
}

// Entra-authenticated telemetry (local auth is off on the component).
resource monitoringMetricsPublisher 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource blobData 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (name, i) in blobContainerNames: {
    name: guid(blobContainers[i].id, principalId, storageBlobDataContributor.id)
    scope: blobContainers[i]
    properties: {
      roleDefinitionId: storageBlobDataContributor.id
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource delegator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, principalId, storageBlobDelegator.id)
  scope: storageAccount
  properties: {
    roleDefinitionId: storageBlobDelegator.id
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, principalId, storageQueueDataContributor.id)
  scope: storageAccount
  properties: {
    roleDefinitionId: storageQueueDataContributor.id
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, principalId, storageTableDataContributor.id)
  scope: storageAccount
  properties: {
    roleDefinitionId: storageTableDataContributor.id
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUser.id)
  scope: vault
  properties: {
    roleDefinitionId: keyVaultSecretsUser.id
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, monitoringMetricsPublisher.id)
  scope: appInsights
  properties: {
    roleDefinitionId: monitoringMetricsPublisher.id
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
