// A virtual network whose subnet the Flex Consumption app integrates with, so the app can reach a
// PostgreSQL server that has only a private address (peer this network with the database's, or
// deploy the database's private endpoint into it).

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the virtual network.')
param vnetName string

@description('Address space of the virtual network.')
param addressPrefix string

@description('Address range of the app subnet (a /27 or larger; Flex Consumption takes addresses as it scales out).')
param appSubnetPrefix string

var appSubnetName = 'snet-app'

resource vnet 'Microsoft.Network/virtualNetworks@2024-07-01' = {
  name: vnetName
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: appSubnetName
        properties: {
          addressPrefix: appSubnetPrefix
          // Flex Consumption integrates through subnets delegated to Container Apps environments.
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
          // Storage and Key Vault let this subnet through their firewalls (defaultAction Deny).
          serviceEndpoints: [
            {
              service: 'Microsoft.Storage'
            }
            {
              service: 'Microsoft.KeyVault'
            }
          ]
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

output appSubnetId string = vnet.properties.subnets[0].id
