import { afterAll } from '@jest/globals';
import { stopTestDatabase } from './database.js';

afterAll(() => stopTestDatabase());
