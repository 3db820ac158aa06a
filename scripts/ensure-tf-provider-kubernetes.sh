#!/usr/bin/env bash
# Prints the path of a provider filesystem mirror (the "unpacked" layout) holding the Kubernetes
# provider, built from source fetched through the Go module proxy into the cache on first use (no
# binary is downloaded from a registry). Its tags are v2.x without a /v2 module path, so the proxy
# resolves it only at a pseudo-version of its main branch: that pseudo-version is pinned here.
# Terraform and OpenTofu both install it from the mirror (TF_CLI_CONFIG_FILE with a
# filesystem_mirror block); the terraform-plan-apply real-provider tests use it.
set -euo pipefail
module=github.com/hashicorp/terraform-provider-kubernetes
pseudo=${TF_PROVIDER_KUBERNETES_PSEUDO:-v1.13.4-0.20260821094251-3a33fb6cc605}
# The version the mirror offers it under: the provider's own next release line, marked as a build of main.
version=${TF_PROVIDER_KUBERNETES_VERSION:-2.99.0}
cache=${STACK_CACHE:-$HOME/.cache/eks-suite}/tf-provider-kubernetes/$pseudo
bin=$(bash "$(dirname "$0")/go-build-cached.sh" "$cache/bin" terraform-provider-kubernetes "$module" "$pseudo" .)
mirror=$cache/mirror
for host in registry.terraform.io registry.opentofu.org; do
  dir=$mirror/$host/hashicorp/kubernetes/$version/linux_amd64
  if [ ! -x "$dir/terraform-provider-kubernetes_v$version" ]; then
    mkdir -p "$dir"
    cp "$bin" "$dir/.terraform-provider-kubernetes_v$version.tmp"
    mv "$dir/.terraform-provider-kubernetes_v$version.tmp" "$dir/terraform-provider-kubernetes_v$version"
  fi
done
echo "$mirror"
