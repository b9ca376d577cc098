// The Container Apps environment: a consumption profile for the app and a serverless GPU
// profile for the trials; container logs to Log Analytics, OpenTelemetry to Application Insights.
param environmentName string
param location string
param tags object
param workspaceName string
param appInsightsConnectionString string
param trialWorkloadProfileType string

var trialProfileName = trialWorkloadProfileType == 'Consumption' ? 'Consumption' : 'trials-gpu'
var gpuProfiles = trialWorkloadProfileType == 'Consumption' ? [] : [
  {
    name: trialProfileName
    workloadProfileType: trialWorkloadProfileType
  }
]

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2024-10-02-preview' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    appInsightsConfiguration: {
      connectionString: appInsightsConnectionString
    }
    openTelemetryConfiguration: {
      tracesConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
      logsConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
    }
    workloadProfiles: concat([
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ], gpuProfiles)
  }
}

output id string = environment.id
output trialWorkloadProfileName string = trialProfileName
