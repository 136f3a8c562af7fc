export { createEmulator, type Emulator, type EmulatorOptions } from './app.ts';
export { type Clock, createClock, parseDuration } from './clock.ts';
export { Journal, type JournalEntry, type JournalFilter } from './journal.ts';
export { demoScenario } from './scenario.ts';
export { type ListenOptions, listen, type RunningEmulator } from './server.ts';
