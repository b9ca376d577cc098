// The app: the Functions-style ASP.NET Core host as a container app with HTTP ingress. It
// scales to zero and is woken by HTTP (Event Grid deliveries, API calls), by pending durable
// work in PostgreSQL (due timers, queued or running activities) and, when sites are scheduled,
// around the retraining schedule.
param appName string
param location string
param tags object
param environmentId string
param identityId string
param identityClientId string
param registryServer string

@description('The app image; empty until azd deploys it (a placeholder stands in).')
param image string

param cpu string
param memory string
param maxReplicas int
param keyVaultUri string
param storageBlobEndpoint string
param trialJobName string
param retrainSites array
param retrainSchedule string
param retrainWakeStart string
param retrainWakeEnd string

var port = 8080
var placeholderImage = 'mcr.microsoft.com/dotnet/samples:aspnetapp'
var deployed = !empty(image)

// Container app secrets are Key Vault references read with the managed identity.
var secrets = [
  {
    name: 'master-key'
    keyVaultUrl: '${keyVaultUri}secrets/mlops-keys-master'
    identity: identityId
  }
  {
    name: 'function-key'
    keyVaultUrl: '${keyVaultUri}secrets/mlops-keys-function'
    identity: identityId
  }
  {
    name: 'eventgrid-key'
    keyVaultUrl: '${keyVaultUri}secrets/mlops-keys-eventgrid'
    identity: identityId
  }
  {
    name: 'durabletask-key'
    keyVaultUrl: '${keyVaultUri}secrets/mlops-keys-durabletask'
    identity: identityId
  }
  {
    name: 'durable-store-connection'
    keyVaultUrl: '${keyVaultUri}secrets/durable-store-connection'
    identity: identityId
  }
  {
    name: 'durable-scaler-connection'
    keyVaultUrl: '${keyVaultUri}secrets/durable-scaler-connection'
    identity: identityId
  }
]

// The app's settings, named as it reads them (environment variables, __ for nesting).
var settings = [
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
  {
    name: 'AzureFunctionsJobHost__extensions__durableTask__storageProvider__type'
    value: 'postgres'
  }
  {
    name: 'AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionString'
    secretRef: 'durable-store-connection'
  }
  {
    name: 'MlOps__Keys__Master'
    secretRef: 'master-key'
  }
  {
    name: 'MlOps__Keys__Function'
    secretRef: 'function-key'
  }
  {
    name: 'MlOps__Keys__EventGrid'
    secretRef: 'eventgrid-key'
  }
  {
    name: 'MlOps__Keys__DurableTask'
    secretRef: 'durabletask-key'
  }
  {
    name: 'MlOps__Jobs__Runner'
    value: 'containerapps'
  }
  {
    name: 'MlOps__Jobs__SubscriptionId'
    value: subscription().subscriptionId
  }
  {
    name: 'MlOps__Jobs__ResourceGroup'
    value: resourceGroup().name
  }
  {
    name: 'MlOps__Jobs__JobName'
    value: trialJobName
  }
  {
    name: 'MlOps__Jobs__ContainerName'
    value: 'trainer'
  }
  {
    name: 'MlOps__Jobs__ManagedIdentityClientId'
    value: identityClientId
  }
  {
    // A trial's status and curve are read from storage; every 5 s is plenty for jobs that run minutes.
    name: 'MlOps__Pipeline__TrialPollInterval'
    value: '00:00:05'
  }
  {
    name: 'MlOps__Retrain__Schedule'
    value: retrainSchedule
  }
]

var retrainSiteSettings = [for (site, i) in retrainSites: {
  name: 'MlOps__Retrain__Sites__${i}'
  value: site
}]

// Durable work that needs a host within the next minute: messages (new events, due timers)
// and activities queued or running. Timers further out let the app sleep until they come due.
var durableWorkQuery = 'SELECT (SELECT COUNT(*) FROM durable_messages WHERE visible_at <= (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint + 60000) + (SELECT COUNT(*) FROM durable_activities)'

var scaleRules = concat([
  {
    name: 'http'
    http: {
      metadata: {
        concurrentRequests: '20'
      }
    }
  }
  {
    name: 'durable-work'
    custom: {
      type: 'postgresql'
      metadata: {
        query: durableWorkQuery
        targetQueryValue: '50'
        activationTargetQueryValue: '0'
      }
      auth: [
        {
          secretRef: 'durable-scaler-connection'
          triggerParameter: 'connection'
        }
      ]
    }
  }
], empty(retrainSites) ? [] : [
  {
    name: 'scheduled-retrain'
    custom: {
      type: 'cron'
      metadata: {
        timezone: 'Etc/UTC'
        start: retrainWakeStart
        end: retrainWakeEnd
        desiredReplicas: '1'
      }
    }
  }
])

var probes = [
  {
    type: 'Startup'
    httpGet: {
      path: '/health'
      port: port
    }
    periodSeconds: 2
    failureThreshold: 30
  }
  {
    type: 'Liveness'
    httpGet: {
      path: '/health'
      port: port
    }
    periodSeconds: 30
  }
  {
    type: 'Readiness'
    httpGet: {
      path: '/health/ready'
      port: port
    }
    periodSeconds: 10
    failureThreshold: 3
  }
]

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: appName
  location: location
  tags: union(tags, {
    'azd-service-name': 'app'
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'app'
          image: deployed ? image : placeholderImage
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: concat(settings, retrainSiteSettings)
          probes: deployed ? probes : []
        }
      ]
      scale: {
        minReplicas: 0
        maxReplicas: maxReplicas
        rules: scaleRules
      }
    }
  }
}

output fqdn string = app.properties.configuration.ingress.fqdn
output url string = 'https://${app.properties.configuration.ingress.fqdn}'
