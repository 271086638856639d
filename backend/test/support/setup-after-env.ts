import { afterAll } from '@jest/globals';
import { dropTestDatabases } from './database.js';

afterAll(() => dropTestDatabases());
