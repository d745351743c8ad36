// The file a checkpoint goes to (docs/CHECKPOINTS.md): "{t}" in the name
// given to --checkpoint becomes the time the checkpoint was asked for, in
// seconds; without it every checkpoint goes to the one file.
#include <gtest/gtest.h>

#include "twinsim/engine/engine.hpp"

namespace test_checkpoint_path {

using twinsim::checkpoint_path;

TEST(CheckpointPath, TheTimeAskedForNamesTheFile) {
  EXPECT_EQ(checkpoint_path("runs/ck-{t}.h5", 5400), "runs/ck-5400s.h5");
  EXPECT_EQ(checkpoint_path("ck-{t}.h5", 180.1), "ck-180.1s.h5");
  EXPECT_EQ(checkpoint_path("ck-{t}.h5", 0.25), "ck-0.25s.h5");
  EXPECT_EQ(checkpoint_path("{t}/ck-{t}.h5", 30), "30s/ck-30s.h5");
}

TEST(CheckpointPath, WithoutTheMarkEveryCheckpointGoesToTheOneFile) {
  EXPECT_EQ(checkpoint_path("runs/a.ckpt.h5", 3600), "runs/a.ckpt.h5");
  EXPECT_EQ(checkpoint_path("ck-{x}.h5", 60), "ck-{x}.h5");
  EXPECT_EQ(checkpoint_path("ck-{t.h5", 60), "ck-{t.h5");
}

}  // namespace test_checkpoint_path
