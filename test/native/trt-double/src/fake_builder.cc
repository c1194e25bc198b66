// The double's builder: the configuration records what trtmap asks for, and
// buildSerializedNetwork() checks the network and configuration against the
// rules TensorRT documents, then writes a text plan. Nothing is optimized.
#include "fake_builder.h"

namespace fake {


HostMemory::HostMemory(std::string value) : bytes(std::move(value)) {
  impl_.owner = this;
  mImpl = &impl_;
}

TimingCache::TimingCache(std::string device, int count) : gpu(std::move(device)), entries(count) {
  impl_.owner = this;
  mImpl = &impl_;
}

nvinfer1::IHostMemory* TimingCache::Impl::serialize() const noexcept {
  return new HostMemory("TRTMAP-FAKE-TIMING-CACHE\ngpu=" + owner->gpu + "\nentries=" + std::to_string(owner->entries) +
                        "\n");
}

BuilderConfig::BuilderConfig() {
  impl_.owner = this;
  mImpl = &impl_;
  flags.insert(int(nvinfer1::BuilderFlag::kTF32));  // TensorRT's default
}

nvinfer1::ITimingCache* BuilderConfig::Impl::createTimingCache(const void* blob, std::size_t size) const noexcept {
  if (size == 0) return new TimingCache(gpuName(), 0);
  std::string text(static_cast<const char*>(blob), size);
  if (text.rfind("TRTMAP-FAKE-TIMING-CACHE\n", 0) != 0) {
    error("1: [timingCache.cpp] Error Code 1: Serialization (the timing cache is damaged)");
    return nullptr;
  }
  std::size_t gpu = text.find("gpu="), entries = text.find("entries=");
  std::string device = text.substr(gpu + 4, text.find('\n', gpu) - gpu - 4);
  return new TimingCache(device, std::atoi(text.c_str() + entries + 8));
}

bool BuilderConfig::Impl::setTimingCache(const nvinfer1::ITimingCache& cache, bool ignoreMismatch) noexcept {
  auto& fakeCache = const_cast<TimingCache&>(static_cast<const TimingCache&>(cache));
  if (fakeCache.gpu != gpuName() && !ignoreMismatch) {
    // IBuilderConfig::setTimingCache: "A failure will be reported if the CUDA
    // device property in the provided cache is different from current environment".
    error("2: [timingCache.cpp] Error Code 2: Internal Error (the timing cache was made on " + fakeCache.gpu +
          ", this device is " + gpuName() + ")");
    return false;
  }
  owner->timingCache = &fakeCache;
  return true;
}

std::int32_t BuilderConfig::Impl::addOptimizationProfile(const nvinfer1::IOptimizationProfile* profile) noexcept {
  owner->profiles.push_back(static_cast<const OptimizationProfile*>(profile));
  return std::int32_t(owner->profiles.size() - 1);
}

Builder::Builder() {
  impl_.owner = this;
  mImpl = &impl_;
}

nvinfer1::INetworkDefinition* Builder::Impl::createNetworkV2(nvinfer1::NetworkDefinitionCreationFlags flags) noexcept {
  return new Network(std::uint32_t(flags));
}

nvinfer1::IOptimizationProfile* Builder::Impl::createOptimizationProfile() noexcept {
  owner->ownedProfiles.emplace_back(new OptimizationProfile());
  return owner->ownedProfiles.back().get();
}

nvinfer1::IHostMemory* Builder::Impl::buildSerializedNetwork(nvinfer1::INetworkDefinition& network,
                                                            nvinfer1::IBuilderConfig& config) noexcept {
  Network& net = static_cast<Network&>(network);
  BuilderConfig& cfg = static_cast<BuilderConfig&>(config);
  if (!checkWeights(net) || !checkProfiles(net, cfg) || !checkPrecision(net, cfg) || !checkPlugins(net)) return nullptr;
  if (!checkWorkspace(net, cfg)) return nullptr;
  // Tactics are "timed" (the cache gains entries) before a build can fail.
  if (cfg.timingCache != nullptr) cfg.timingCache->entries += int(net.layers.size());
  if (!net.failBuild.empty()) {
    error("10: [optimizer.cpp::computeCosts] Error Code 10: Internal Error (" + net.failBuild + ")");
    return nullptr;
  }
  if (!calibrate(net, cfg)) return nullptr;
  return new HostMemory(planBytes(planOf(net, cfg, owner->maxBatchSize)));
}

// Weights are held by reference until the engine has been built
// (NvInferRuntime.h, Weights): a parser destroyed before the build took them.
bool Builder::Impl::checkWeights(Network& network) {
  for (const auto& layer : network.layers) {
    if (layer->weights != nullptr && weightsFreed(layer->weights)) {
      error("2: [weights.cpp] Error Code 2: Internal Error (the weights of layer " + layer->spec.name +
            " were freed before the engine was built: they are held by reference until then; keep the parser "
            "that owns them alive)");
      return false;
    }
  }
  return true;
}

bool Builder::Impl::checkProfiles(Network& network, BuilderConfig& config) {
  std::set<std::string> dynamic;
  for (const auto& input : network.inputs) {
    for (auto extent : input->spec.dims) {
      if (extent < 0) dynamic.insert(input->spec.name);
    }
  }
  if (dynamic.empty()) return true;
  if (config.profiles.empty()) {
    error("4: [network.cpp::validate] Error Code 4: Internal Error (Network has dynamic or shape inputs, but no "
          "optimization profile has been defined.)");
    return false;
  }
  for (const auto* profile : config.profiles) {
    for (const auto& name : dynamic) {
      if (profile->spec.shapes.count(name) == 0) {
        error("4: [network.cpp::validate] Error Code 4: Internal Error (" + name +
              ": dynamic input is missing dimensions in profile)");
        return false;
      }
    }
  }
  return true;
}

}  // namespace fake
