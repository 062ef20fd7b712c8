// The vault that holds the PostgreSQL passwords and the webhook URLs. Access is Azure RBAC only
// (no access policies); the app reads the secrets through Key Vault references.
//
// A secret is written only when its value is given: a later deployment that leaves a value empty
// keeps the secret that is there (set once, or rotated with `az keyvault secret set`).

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the vault (3-24 letters, digits and dashes).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionDays int

@description('Purge protection cannot be turned off again once on; turn it on for production.')
param enablePurgeProtection bool

@description('Public IP ranges (CIDR) allowed through the firewall; everything else is denied.')
param allowedIpRanges array

@description('Subnets allowed through the firewall (each with a Microsoft.KeyVault service endpoint): the app\'s, and any given.')
param allowedSubnetIds array

@description('Secret names and values to write; an empty value leaves that secret as it is.')
@secure()
param secrets object

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionDays
    // The API accepts true or nothing: false is an error once purge protection was ever on.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    // Closed by default: the app reads its Key Vault references through its subnet; deployments
    // write secrets through Azure Resource Manager, which the firewall does not stop.
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
      ipRules: [
        for range in allowedIpRanges: {
          value: range
        }
      ]
      virtualNetworkRules: [
        for subnetId in allowedSubnetIds: {
          id: subnetId
          ignoreMissingVnetServiceEndpoint: false
        }
      ]
    }
  }
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = [
  for item in items(secrets): if (!empty(item.value)) {
    parent: vault
    name: item.key
    properties: {
      value: item.value
      contentType: 'text/plain'
    }
  }
]

output vaultName string = vault.name
output vaultUri string = vault.properties.vaultUri
