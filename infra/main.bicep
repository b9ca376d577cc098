// MlOps.Functions on Azure: one resource group holding storage, Event Grid, the Container Apps
// environment (the app and the GPU trial job), PostgreSQL for the durable store, Key Vault,
// a container registry and Log Analytics with Application Insights. `azd up` deploys it.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Name of the azd environment: names the resource group and tags every resource.')
param environmentName string

@minLength(1)
@description('Azure region for every resource. Serverless GPUs are offered in a few regions only (README, Deploying to Azure).')
param location string

@description('Object id of the person or pipeline running the deployment: gets Key Vault Secrets Officer on the vault (only), so later deployments and key rotation can read the secrets. Empty: no assignment.')
param deployerPrincipalId string = ''

@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
  'Consumption'
])
@description('Workload profile the trial job runs on: a serverless T4 or A100 GPU, or plain consumption CPU (the trainers shipped today compute on the CPU).')
param trialWorkloadProfileType string = 'Consumption-GPU-NC8as-T4'

@description('vCPUs of one trial execution (a number as text, e.g. 8 or 0.5). A T4 profile offers up to 8, an A100 up to 24.')
param trialCpu string = '8'

@description('Memory of one trial execution. A T4 profile offers up to 56Gi, an A100 up to 220Gi.')
param trialMemory string = '56Gi'

@minValue(60)
@description('Longest a trial execution may run before Container Apps stops it (seconds).')
param trialReplicaTimeoutSeconds int = 7200

@minValue(0)
@maxValue(10)
@description('How often Container Apps retries a failed trial execution.')
param trialRetryLimit int = 1

@description('vCPUs of one app replica (a number as text).')
param appCpu string = '1'

@description('Memory of one app replica.')
param appMemory string = '2Gi'

@minValue(1)
@maxValue(30)
@description('Most app replicas at once (the app scales to zero when idle).')
param appMaxReplicas int = 3

@description('PostgreSQL flexible server compute size.')
param postgresSkuName string = 'Standard_B1ms'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

@minValue(32)
param postgresStorageSizeGB int = 32

@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Sites retrained on the schedule below (empty: no scheduled retraining, surveys still trigger retraining as they land).')
param retrainSites array = []

@description('NCRONTAB schedule (six fields, UTC) of scheduled retraining.')
param retrainSchedule string = '0 0 3 1 * *'

@description('Five-field cron (UTC) at which the app is woken for scheduled retraining: must start before the schedule fires.')
param retrainWakeStart string = '55 2 1 * *'

@description('Five-field cron (UTC) after which the wake-up for scheduled retraining ends.')
param retrainWakeEnd string = '30 3 1 * *'

@description('The app image azd deployed last (empty on the first deployment: a placeholder runs until azd deploys).')
param appImageName string = ''

@description('The trainer image azd deployed last (empty on the first deployment).')
param trainerImageName string = ''

@secure()
@description('Master key of the app (MlOps__Keys__Master), kept in Key Vault.')
param masterKey string

@secure()
@description('Function key of the app (MlOps__Keys__Function), kept in Key Vault.')
param functionKey string

@secure()
@description('Event Grid key of the app (MlOps__Keys__EventGrid), kept in Key Vault; Event Grid puts it in the webhook URL.')
param eventGridKey string

@secure()
@description('Durable management key of the app (MlOps__Keys__DurableTask), kept in Key Vault.')
param durableTaskKey string

@secure()
@description('Password of the PostgreSQL administrator, kept in Key Vault.')
param postgresAdminPassword string

var tags = {
  'azd-env-name': environmentName
  application: 'mlops-functions'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'mlops-resources'
  scope: rg
  params: {
    environmentName: environmentName
    location: location
    tags: tags
    deployerPrincipalId: deployerPrincipalId
    trialWorkloadProfileType: trialWorkloadProfileType
    trialCpu: trialCpu
    trialMemory: trialMemory
    trialReplicaTimeoutSeconds: trialReplicaTimeoutSeconds
    trialRetryLimit: trialRetryLimit
    appCpu: appCpu
    appMemory: appMemory
    appMaxReplicas: appMaxReplicas
    postgresSkuName: postgresSkuName
    postgresSkuTier: postgresSkuTier
    postgresStorageSizeGB: postgresStorageSizeGB
    logRetentionDays: logRetentionDays
    retrainSites: retrainSites
    retrainSchedule: retrainSchedule
    retrainWakeStart: retrainWakeStart
    retrainWakeEnd: retrainWakeEnd
    appImageName: appImageName
    trainerImageName: trainerImageName
    masterKey: masterKey
    functionKey: functionKey
    eventGridKey: eventGridKey
    durableTaskKey: durableTaskKey
    postgresAdminPassword: postgresAdminPassword
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.registryLoginServer
output AZURE_KEY_VAULT_NAME string = resources.outputs.keyVaultName
output AZURE_STORAGE_ACCOUNT_NAME string = resources.outputs.storageAccountName
output AZURE_STORAGE_BLOB_ENDPOINT string = resources.outputs.storageBlobEndpoint
output MLOPS_TRIAL_JOB_NAME string = resources.outputs.trialJobName
output APP_URL string = resources.outputs.appUrl
