// Everything inside the resource group. Names carry one token derived from the resource group
// and the environment name, so they are stable across deployments and unique per environment.
targetScope = 'resourceGroup'

param environmentName string
param location string
param tags object
param deployerPrincipalId string
param trialWorkloadProfileType string
param trialCpu string
param trialMemory string
param trialReplicaTimeoutSeconds int
param trialRetryLimit int
param appCpu string
param appMemory string
param appMaxReplicas int
param postgresSkuName string
param postgresSkuTier string
param postgresStorageSizeGB int
param logRetentionDays int
param retrainSites array
param retrainSchedule string
param retrainWakeStart string
param retrainWakeEnd string
param appImageName string
param trainerImageName string

@secure()
param masterKey string

@secure()
param functionKey string

@secure()
param eventGridKey string

@secure()
param durableTaskKey string

@secure()
param postgresAdminPassword string

var token = toLower(uniqueString(resourceGroup().id, environmentName))
var keyVaultName = 'kv-${token}'
var postgresAdminLogin = 'mlopsadmin'
var durableDatabaseName = 'mlops'

// The blob containers the app and the trainer use (surveys arrive, models are registered,
// trials and runs write their outputs, bad surveys are quarantined, large durable payloads
// spill over), and the one Event Grid dead-letters undeliverable survey events into.
var surveysContainer = 'surveys'
var deadLetterContainer = 'survey-event-deadletters'
var containerNames = [
  surveysContainer
  'models'
  'trials'
  'runs'
  'quarantine'
  'mlopshub-largemessages'
  deadLetterContainer
]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${token}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${token}'
    appInsightsName: 'appi-${token}'
    location: location
    tags: tags
    retentionInDays: logRetentionDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    accountName: 'st${token}'
    location: location
    tags: tags
    containerNames: containerNames
    dataContributorPrincipalId: identity.properties.principalId
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    registryName: 'cr${token}'
    location: location
    tags: tags
    pullerPrincipalId: identity.properties.principalId
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    serverName: 'psql-${token}'
    location: location
    tags: tags
    administratorLogin: postgresAdminLogin
    administratorPassword: postgresAdminPassword
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    databaseName: durableDatabaseName
  }
}

// Npgsql's form for the durable store (values quoted, quotes doubled) and the URL form KEDA's
// PostgreSQL scaler reads (password percent-encoded), so any generated password works in both.
var durableStoreConnection = 'Host=${postgres.outputs.fqdn};Port=5432;Database=${durableDatabaseName};Username=${postgresAdminLogin};Password="${replace(postgresAdminPassword, '"', '""')}";SSL Mode=Require'
var durableScalerConnection = 'postgresql://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.outputs.fqdn}:5432/${durableDatabaseName}?sslmode=require'

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    vaultName: keyVaultName
    location: location
    tags: tags
    secretsUserPrincipalId: identity.properties.principalId
    deployerPrincipalId: deployerPrincipalId
    masterKey: masterKey
    functionKey: functionKey
    eventGridKey: eventGridKey
    durableTaskKey: durableTaskKey
    postgresAdminPassword: postgresAdminPassword
    durableStoreConnection: durableStoreConnection
    durableScalerConnection: durableScalerConnection
  }
}

module appsEnvironment 'modules/environment.bicep' = {
  name: 'environment'
  params: {
    environmentName: 'cae-${token}'
    location: location
    tags: tags
    workspaceName: monitoring.outputs.workspaceName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    trialWorkloadProfileType: trialWorkloadProfileType
  }
}

module trialJob 'modules/trial-job.bicep' = {
  name: 'trial-job'
  params: {
    jobName: 'job-trainer-${token}'
    location: location
    tags: tags
    environmentId: appsEnvironment.outputs.id
    workloadProfileName: appsEnvironment.outputs.trialWorkloadProfileName
    identityId: identity.id
    identityClientId: identity.properties.clientId
    identityPrincipalId: identity.properties.principalId
    registryServer: registry.outputs.loginServer
    image: trainerImageName
    cpu: trialCpu
    memory: trialMemory
    replicaTimeoutSeconds: trialReplicaTimeoutSeconds
    replicaRetryLimit: trialRetryLimit
    storageBlobEndpoint: storage.outputs.blobEndpoint
  }
}

module app 'modules/app.bicep' = {
  name: 'app'
  params: {
    appName: 'app-${token}'
    location: location
    tags: tags
    environmentId: appsEnvironment.outputs.id
    identityId: identity.id
    identityClientId: identity.properties.clientId
    registryServer: registry.outputs.loginServer
    image: appImageName
    cpu: appCpu
    memory: appMemory
    maxReplicas: appMaxReplicas
    keyVaultUri: keyVault.outputs.vaultUri
    storageBlobEndpoint: storage.outputs.blobEndpoint
    trialJobName: trialJob.outputs.name
    retrainSites: retrainSites
    retrainSchedule: retrainSchedule
    retrainWakeStart: retrainWakeStart
    retrainWakeEnd: retrainWakeEnd
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

// Event Grid validates a webhook when the subscription is created, so the subscription is made
// once the app runs its real image (the second provisioning step of `azd up`, azure.yaml).
module surveyEvents 'modules/survey-events.bicep' = if (!empty(appImageName)) {
  name: 'survey-events'
  dependsOn: [
    keyVault
  ]
  params: {
    systemTopicName: 'evgt-${token}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    appFqdn: app.outputs.fqdn
    surveysContainer: surveysContainer
    deadLetterContainer: deadLetterContainer
    eventGridKey: vault.getSecret('mlops-keys-eventgrid')
  }
}

output registryLoginServer string = registry.outputs.loginServer
output keyVaultName string = keyVaultName
output storageAccountName string = storage.outputs.name
output storageBlobEndpoint string = storage.outputs.blobEndpoint
output trialJobName string = trialJob.outputs.name
output appUrl string = app.outputs.url
