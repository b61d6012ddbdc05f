/**
 * Implementation of the yarn-am module; nothing here is API.
 */
package io.sluice.yarn.internal;
