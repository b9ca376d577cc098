// The trial job: a manually triggered Container Apps Job on the GPU profile. The app starts one
// execution per trial through Azure Resource Manager, adding the trial's environment
// (MLOPS_TRIAL_SPEC, MLOPS_JOB_ID, the storage connection) to this template.
param jobName string
param location string
param tags object
param environmentId string
param workloadProfileName string
param identityId string
param identityClientId string
param identityPrincipalId string
param registryServer string

@description('The trainer image; empty until azd deploys it (a placeholder that exits at once stands in).')
param image string

param cpu string
param memory string
param replicaTimeoutSeconds int
param replicaRetryLimit int
param storageBlobEndpoint string

var placeholderImage = 'mcr.microsoft.com/k8se/quickstart-jobs:latest'

resource job 'Microsoft.App/jobs@2025-01-01' = {
  name: jobName
  location: location
  tags: union(tags, {
    'azd-service-name': 'trainer'
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: workloadProfileName
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: replicaTimeoutSeconds
      replicaRetryLimit: replicaRetryLimit
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'trainer'
          image: empty(image) ? placeholderImage : image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: [
            {
              name: 'AzureWebJobsStorage__blobServiceUri'
              value: storageBlobEndpoint
            }
            {
              name: 'AzureWebJobsStorage__credential'
              value: 'managedidentity'
            }
            {
              name: 'AzureWebJobsStorage__clientId'
              value: identityClientId
            }
          ]
        }
      ]
    }
  }
}

// Exactly what the app's job runner does to this one job: read its template, start an
// execution, list and read executions, stop one. No write, no delete, no secrets.
resource operatorRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, jobName, 'trial-job-operator')
  properties: {
    roleName: 'MlOps trial job operator (${jobName})'
    description: 'Start, read and stop executions of one Container Apps Job.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.App/jobs/read'
          'Microsoft.App/jobs/start/action'
          'Microsoft.App/jobs/executions/read'
          'Microsoft.App/jobs/execution/read'
          'Microsoft.App/jobs/stop/execution/action'
        ]
        notActions: []
      }
    ]
  }
}

resource operator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(job.id, identityPrincipalId, operatorRole.id)
  scope: job
  properties: {
    roleDefinitionId: operatorRole.id
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = job.name
