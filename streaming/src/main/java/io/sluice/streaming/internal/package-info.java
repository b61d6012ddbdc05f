/**
 * Implementation of the streaming layer (driver, block tracker, job scheduler, receivers'
 * supervision, checkpoints); nothing here is API.
 */
package io.sluice.streaming.internal;
