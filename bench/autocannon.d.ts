// The part of autocannon's programmatic API the load generator uses (the package ships no types).
declare module 'autocannon' {
  export interface RawRequest {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string | Buffer;
  }
  export interface Options {
    url: string;
    duration?: number;
    connections?: number;
    requests?: Array<{ setupRequest?: (request: RawRequest) => RawRequest }>;
  }
  export interface Histogram {
    average: number;
    p50: number;
    p99: number;
    total: number;
  }
  export interface Result {
    requests: Histogram;
    latency: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
