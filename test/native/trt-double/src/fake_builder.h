// The double's builder objects (fake_builder.cc, fake_build_checks.cc).
#pragma once

#include <memory>
#include <set>

#include "fake_network.h"

namespace fake {

class HostMemory : public nvinfer1::IHostMemory {
 public:
  explicit HostMemory(std::string bytes);
  std::string bytes;

 private:
  struct Impl : nvinfer1::fakedefaults::VHostMemoryDefault {
    HostMemory* owner = nullptr;
    void* data() const noexcept override { return &owner->bytes[0]; }
    std::size_t size() const noexcept override { return owner->bytes.size(); }
    nvinfer1::DataType type() const noexcept override { return nvinfer1::DataType::kINT8; }
  } impl_;
};

class TimingCache : public nvinfer1::ITimingCache {
 public:
  TimingCache(std::string gpu, int entries);
  std::string gpu;
  int entries;

 private:
  struct Impl : nvinfer1::fakedefaults::VTimingCacheDefault {
    TimingCache* owner = nullptr;
    nvinfer1::IHostMemory* serialize() const noexcept override;
  } impl_;
};

class BuilderConfig : public nvinfer1::IBuilderConfig {
 public:
  BuilderConfig();
  std::set<int> flags;
  std::size_t workspace = 0;
  bool workspaceSet = false;
  std::vector<const OptimizationProfile*> profiles;
  const OptimizationProfile* calibrationProfile = nullptr;
  void* calibrator = nullptr;  // nvinfer1::IInt8Calibrator* where it exists
  TimingCache* timingCache = nullptr;
  int dlaCore = -1;
  bool dla = false;
  bool detailed = false;

 private:
  struct Impl : nvinfer1::fakedefaults::VBuilderConfigDefault {
    BuilderConfig* owner = nullptr;
    void setFlag(nvinfer1::BuilderFlag flag) noexcept override { owner->flags.insert(int(flag)); }
    void clearFlag(nvinfer1::BuilderFlag flag) noexcept override { owner->flags.erase(int(flag)); }
    bool getFlag(nvinfer1::BuilderFlag flag) const noexcept override { return owner->flags.count(int(flag)) != 0; }
#if NV_TENSORRT_MAJOR == 8 && NV_TENSORRT_MINOR < 4
    void setMaxWorkspaceSize(std::size_t size) noexcept override {
      owner->workspace = size;
      owner->workspaceSet = true;
    }
#endif
#if NV_TENSORRT_MAJOR > 8 || NV_TENSORRT_MINOR >= 3
    void setMemoryPoolLimit(nvinfer1::MemoryPoolType pool, std::size_t size) noexcept override {
      if (pool == nvinfer1::MemoryPoolType::kWORKSPACE) {
        owner->workspace = size;
        owner->workspaceSet = true;
      }
    }
#endif
    std::int32_t addOptimizationProfile(const nvinfer1::IOptimizationProfile* profile) noexcept override;
#if NV_TENSORRT_MAJOR < 11
    bool setCalibrationProfile(const nvinfer1::IOptimizationProfile* profile) noexcept override {
      owner->calibrationProfile = static_cast<const OptimizationProfile*>(profile);
      return true;
    }
    void setInt8Calibrator(nvinfer1::IInt8Calibrator* calibrator) noexcept override { owner->calibrator = calibrator; }
#endif
    void setDefaultDeviceType(nvinfer1::DeviceType type) noexcept override {
      owner->dla = type == nvinfer1::DeviceType::kDLA;
    }
    void setDLACore(std::int32_t core) noexcept override { owner->dlaCore = core; }
    void setProfilingVerbosity(nvinfer1::ProfilingVerbosity verbosity) noexcept override {
      owner->detailed = verbosity == nvinfer1::ProfilingVerbosity::kDETAILED;
    }
    nvinfer1::ITimingCache* createTimingCache(const void* blob, std::size_t size) const noexcept override;
    bool setTimingCache(const nvinfer1::ITimingCache& cache, bool ignoreMismatch) noexcept override;
    const nvinfer1::ITimingCache* getTimingCache() const noexcept override { return owner->timingCache; }
#if NV_TENSORRT_MAJOR >= 10
    void setProgressMonitor(nvinfer1::IProgressMonitor* monitor) noexcept override { progress = monitor; }
    nvinfer1::IProgressMonitor* progress = nullptr;
#endif
  } impl_;
  friend class Builder;
};

class Builder : public nvinfer1::IBuilder {
 public:
  Builder();
  int maxBatchSize = 1;
  std::vector<std::unique_ptr<OptimizationProfile>> ownedProfiles;

 private:
  struct Impl : nvinfer1::fakedefaults::VBuilderDefault {
    Builder* owner = nullptr;
    nvinfer1::INetworkDefinition* createNetworkV2(nvinfer1::NetworkDefinitionCreationFlags flags) noexcept override;
    nvinfer1::IBuilderConfig* createBuilderConfig() noexcept override { return new BuilderConfig(); }
    nvinfer1::IOptimizationProfile* createOptimizationProfile() noexcept override;
    nvinfer1::IHostMemory* buildSerializedNetwork(nvinfer1::INetworkDefinition& network,
                                                  nvinfer1::IBuilderConfig& config) noexcept override;
    std::int32_t getNbDLACores() const noexcept override { return dlaCores(); }
#if NV_TENSORRT_MAJOR < 11
    bool platformHasFastFp16() const noexcept override { return fastFp16(); }
    bool platformHasFastInt8() const noexcept override { return fastInt8(); }
#endif
#if NV_TENSORRT_MAJOR == 8
    void setMaxBatchSize(std::int32_t batch) noexcept override { owner->maxBatchSize = batch; }
#endif
    bool checkWeights(Network& network);
    bool checkProfiles(Network& network, BuilderConfig& config);
    bool checkPrecision(Network& network, BuilderConfig& config);
    bool checkPlugins(Network& network);
    bool checkWorkspace(Network& network, BuilderConfig& config);
    bool calibrate(Network& network, BuilderConfig& config);
  } impl_;
};

// The plan text of a built network (fake_build_checks.cc).
Spec planOf(const Network& network, const BuilderConfig& config, int maxBatchSize);

}  // namespace fake
