/**
 * Implementation of {@code io.sluice.rdd}: the in-process engine, operator adapters, combiners and
 * standard actions. Not API: public only where the API package needs it; may change at any time.
 */
package io.sluice.rdd.internal;
