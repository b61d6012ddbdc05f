package io.sluice.streaming.internal;

import java.util.List;

/** What input nodes ask the driver: the blocks of one stream in one batch, and their bytes. */
interface BlockSource {

  List<BlockInfo> blocksOf(int streamId, long batchTime);

  byte[] read(BlockInfo block);
}
