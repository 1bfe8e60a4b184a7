import { createContext, useContext } from 'react';
import type { Transport } from '../api/transport.js';

export const TransportContext = createContext<Transport | null>(null);

export function useTransport(): Transport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error('The app is rendered without a transport.');
  return transport;
}
