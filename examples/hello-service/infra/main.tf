# Per-environment infrastructure of the sample service on its cluster: a namespace, the
# ServiceAccount the service runs as, and the Role that lets the deploy step manage its workloads.
terraform {
  required_version = ">= 1.6.0"
  required_providers {
    kubernetes = {
      source = "hashicorp/kubernetes"
    }
  }
  # Filled by the pipeline (backend-config): an S3 bucket with a lock per environment.
  backend "s3" {}
}

variable "environment" {
  type        = string
  description = "dev, uat or prod"
}

provider "kubernetes" {
  # KUBE_CONFIG_PATH / KUBE_CTX from the job's environment.
}

locals {
  namespace = "hello-${var.environment}"
  labels = {
    "app.kubernetes.io/part-of"    = "hello-service"
    "app.kubernetes.io/managed-by" = "terraform"
    "environment"                  = var.environment
  }
}

resource "kubernetes_namespace_v1" "service" {
  metadata {
    name   = local.namespace
    labels = local.labels
  }
}

resource "kubernetes_service_account_v1" "service" {
  metadata {
    name      = "hello"
    namespace = kubernetes_namespace_v1.service.metadata[0].name
    labels    = local.labels
  }
}

resource "kubernetes_role_v1" "deployer" {
  metadata {
    name      = "hello-deployer"
    namespace = kubernetes_namespace_v1.service.metadata[0].name
    labels    = local.labels
  }
  rule {
    api_groups = ["apps"]
    resources  = ["deployments", "replicasets"]
    verbs      = ["get", "list", "watch", "create", "patch", "update"]
  }
  rule {
    api_groups = [""]
    resources  = ["pods", "pods/log", "events"]
    verbs      = ["get", "list", "watch"]
  }
}

resource "kubernetes_role_binding_v1" "deployer" {
  metadata {
    name      = "hello-deployer"
    namespace = kubernetes_namespace_v1.service.metadata[0].name
    labels    = local.labels
  }
  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "Role"
    name      = kubernetes_role_v1.deployer.metadata[0].name
  }
  subject {
    kind      = "ServiceAccount"
    name      = kubernetes_service_account_v1.service.metadata[0].name
    namespace = kubernetes_namespace_v1.service.metadata[0].name
  }
}

output "namespace" {
  value = kubernetes_namespace_v1.service.metadata[0].name
}
